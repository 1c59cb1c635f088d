package io.evapi.proxy.spi;

import java.util.List;
import java.util.Set;

/**
 * A module of the proxy, found with {@link java.util.ServiceLoader} and activated by {@code loadmodule}.
 * The methods other than {@link #configure} only describe; they are read before the config is checked.
 */
public interface ProxyModule {

    /** The module name used in {@code modparam("name", ...)}, e.g. {@code evapi}. */
    String name();

    /** Other names {@code loadmodule} answers to; by default {@code name.so}, as in Kamailio. */
    default Set<String> aliases() {
        return Set.of(name() + ".so");
    }

    List<ParamSpec> parameters();

    List<FunctionSpec> functions();

    /** Pseudo-variable classes, e.g. {@code evapi} for {@code $evapi(key)}. */
    default List<String> pseudoVariableClasses() {
        return List.of();
    }

    /** Names of the {@code event_route[...]} blocks the module raises, e.g. {@code evapi:message-received}. */
    default List<String> eventRoutes() {
        return List.of();
    }

    /**
     * Builds the module from its parameters. Called once, after the whole config is read and before any
     * call site is bound.
     *
     * @throws ModuleConfigException when a parameter value is not acceptable
     */
    ModuleInstance configure(ModuleContext context) throws ModuleConfigException;
}
