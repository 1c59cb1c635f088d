package io.evapi.proxy.spi;

import java.util.Optional;
import java.util.function.Consumer;

/** What a module may ask of the host that runs the config. */
public interface ScriptHost {

    /** What {@link #run} returns when the route ended with a run-time error (already logged by the host). */
    int FAILED = Integer.MIN_VALUE;

    /** A route block of the config, resolved once. */
    interface Route {
        RouteKind kind();

        String name();
    }

    /** The block kinds as written in the config. */
    enum RouteKind { REQUEST, ROUTE, FAILURE, ONREPLY, BRANCH, EVENT, STARTUP, TIMER }

    /** The block, when the config defines it; for {@link RouteKind#REQUEST} the name is ignored. */
    Optional<Route> route(RouteKind kind, String name);

    /**
     * Runs a block on the calling thread, in a fresh context of the given type. {@code setup} attaches the
     * run's data before the first statement.
     *
     * @return the route's return code, as Kamailio's {@code $rc}; {@code 0} when it ended with {@code exit} or
     *         {@code drop}; {@link #FAILED} when it ended with a run-time error
     */
    int run(Route route, RouteType asType, Consumer<ScriptContext> setup);

    /** Every block of that kind, in config order (the event interface finds its {@code event_route[E_*]} here). */
    default java.util.List<Route> routes(RouteKind kind) {
        return java.util.List.of();
    }

    /**
     * A service the host offers (such as {@link io.evapi.proxy.spi.sip.TransactionControl} on a SIP host) or a
     * module loaded earlier published; empty when there is none.
     */
    default <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
    }
}
