package io.evapi.proxy.spi;

/** The kinds of route blocks, as in Kamailio; a route type decides which functions a block may call. */
public enum RouteType {
    /** {@code request_route} and the {@code route[...]} blocks it calls. */
    REQUEST,
    /** {@code failure_route[...]}, and routes run by {@code t_continue}. */
    FAILURE,
    /** {@code onreply_route[...]}. */
    ONREPLY,
    /** {@code branch_route[...]}. */
    BRANCH,
    /** {@code event_route[...]}. */
    EVENT,
    /** OpenSIPS's {@code startup_route}: once, when the proxy starts. */
    STARTUP,
    /** OpenSIPS's {@code timer_route[name, seconds]}: every so many seconds. */
    TIMER
}
