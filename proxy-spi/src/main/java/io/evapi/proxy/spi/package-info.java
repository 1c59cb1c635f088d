/**
 * What a proxy module exports to the config language, in the spirit of Kamailio's module exports:
 * parameters for {@code modparam}, script functions, pseudo-variable classes, event routes and a lifecycle.
 *
 * <p>A module is a {@link io.evapi.proxy.spi.ProxyModule} found with {@link java.util.ServiceLoader}; a
 * {@code loadmodule} line activates it. The host then calls {@link io.evapi.proxy.spi.ProxyModule#configure}
 * once with the module's parameter values, binds every call site of the module's functions at config load
 * ({@link io.evapi.proxy.spi.ScriptFunction#bind}), starts the instance, and stops it at shutdown.
 *
 * <p>Script values are one of three Java types: {@link java.lang.String}, {@link java.lang.Long} (Kamailio's
 * integers) or {@code null} (Kamailio's {@code $null}).
 *
 * <p>This artifact depends on nothing but the JDK, so a module compiles against it alone; a module may use
 * Guice, Jackson or anything else inside.
 */
package io.evapi.proxy.spi;
