package io.evapi.proxy.spi;

/**
 * A script function. The host calls {@link #bind} once per call site while it compiles the config, so
 * constant arguments (route names, regular expressions, tags) are checked and prepared once, never per
 * request.
 */
@FunctionalInterface
public interface ScriptFunction {

    /**
     * Prepares one call site.
     *
     * @throws ScriptConfigException when an argument can never work (the host adds file:line:column)
     */
    BoundCall bind(CallSite site) throws ScriptConfigException;

    /** A prepared call site; run by many threads at once, so it must keep no per-request state. */
    @FunctionalInterface
    interface BoundCall {
        /**
         * Runs the function. Kamailio's convention: a positive result is true, a negative one false, and 0
         * ends the route.
         *
         * @throws ScriptRuntimeException on an error the host logs with route and line (a SIP request then
         *                                gets 500)
         */
        int call(ScriptContext context) throws ScriptRuntimeException;
    }
}
