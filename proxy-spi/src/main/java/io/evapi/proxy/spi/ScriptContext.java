package io.evapi.proxy.spi;

/**
 * One run of a route: its type and name, and typed per-run data that the host and modules attach (the SIP
 * request, the current evapi event, ...). Used by one thread at a time.
 */
public interface ScriptContext {

    RouteType routeType();

    /** The name of the top route of this run, e.g. {@code evapi:message-received}; empty for request_route. */
    String routeName();

    /** The value attached under the key, or {@code null}. */
    <T> T get(ContextKey<T> key);

    <T> void put(ContextKey<T> key, T value);
}
