package io.evapi.proxy.spi;

/** A configured module: the implementations of what it exports, and its lifecycle. */
public interface ModuleInstance {

    /** The implementation of a function declared in {@link ProxyModule#functions()}. */
    ScriptFunction function(String name);

    /** The resolver of a pseudo-variable class declared in {@link ProxyModule#pseudoVariableClasses()}. */
    default PseudoVariableResolver pseudoVariables(String pvClass) {
        throw new IllegalArgumentException("no pseudo-variable class " + pvClass);
    }

    /** Called after every call site is bound, before the proxy takes traffic (open sockets here). */
    default void start() throws Exception {
    }

    /** Called once at shutdown, in reverse load order. */
    default void stop() {
    }
}
