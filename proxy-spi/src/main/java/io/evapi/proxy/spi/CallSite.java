package io.evapi.proxy.spi;

import java.util.List;

/** One call of a function in the config, as the host compiled it. */
public interface CallSite {

    String functionName();

    List<Argument> arguments();

    /** The type of the route the call sits in (for {@code route[...]}: the types of the routes calling it). */
    RouteType routeType();

    /** {@code file:line:column}, for messages. */
    String position();

    ScriptHost host();

    /**
     * Reports something about this call site that is legal but probably a mistake (a function whose answer can
     * never arrive, ...): the host lists it with the call's position when it checks the config ({@code -c}) and
     * logs it when it starts. Never fails the config.
     */
    default void warn(String message) {
    }
}
