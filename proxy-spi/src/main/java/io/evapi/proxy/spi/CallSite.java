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
}
