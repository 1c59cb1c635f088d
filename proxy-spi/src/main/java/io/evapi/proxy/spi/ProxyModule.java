package io.evapi.proxy.spi;

import java.util.List;
import java.util.Set;

/**
 * A module of the proxy, found with {@link java.util.ServiceLoader} (on the class path, or in a jar of the
 * config's {@code mpath}) and activated by {@code loadmodule}. The methods other than {@link #configure} only
 * describe; they are read before the config is checked.
 */
public interface ProxyModule {

    /** The module name used in {@code modparam("name", ...)}, e.g. {@code evapi}. */
    String name();

    /**
     * The SPI version the module was compiled against: implement it as {@code return ProxySpi.VERSION;} so the
     * compiler copies the number into the module's class. The host refuses a module whose number is not its own.
     */
    int spiVersion();

    /** Which server's module this is; an {@link Dialect#OPENSIPS} one makes its config an OpenSIPS config. */
    default Dialect dialect() {
        return Dialect.BOTH;
    }

    /** Other names {@code loadmodule} answers to; by default {@code name.so}, as in Kamailio. */
    default Set<String> aliases() {
        return Set.of(name() + ".so");
    }

    /**
     * The record that declares the module's {@code modparam}s (see {@link ModParams}); {@link #configure} gets
     * it built with {@link ModuleContext#parameters(Class)}.
     */
    default Class<? extends Record> parametersType() {
        return NoParameters.class;
    }

    List<FunctionSpec> functions();

    /**
     * Pseudo-variable classes, e.g. {@code evapi} for {@code $evapi(key)}, and names written without parentheses,
     * e.g. {@code T_reply_code} for {@code $T_reply_code} (its resolver is then given a null name).
     */
    default List<String> pseudoVariableClasses() {
        return List.of();
    }

    /** Names of the {@code event_route[...]} blocks the module raises, e.g. {@code evapi:message-received}. */
    default List<String> eventRoutes() {
        return List.of();
    }

    /**
     * Whether the module raises {@code event_route[name]}. The host warns about an event route that no loaded
     * module raises (a typo such as {@code evapi:message-recieved} would never run). By default the names of
     * {@link #eventRoutes()}; a module whose event routes follow a pattern (named after events it learns at run
     * time, such as {@code tm:branch-failure:NAME}) overrides this.
     */
    default boolean raisesEventRoute(String name) {
        return eventRoutes().contains(name);
    }

    /**
     * Builds the module from its parameters. Called once, in {@code loadmodule} order, after the whole config
     * is read and before any call site is bound.
     *
     * @throws ModuleConfigException when a parameter value is not acceptable
     */
    ModuleInstance configure(ModuleContext context) throws ModuleConfigException;
}
