package io.evapi.pv;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.spi.ContextKey;

/**
 * The evapi event a route run handles: attached under {@link #KEY} by the evapi module before it runs
 * {@code event_route[evapi:*]}, read by {@code $evapi(...)}.
 *
 * @param message the received message; {@code null} for connection-new and connection-closed
 */
public record EvapiEvent(int conidx, String sourceAddress, int sourcePort, String message) {

    public static final ContextKey<EvapiEvent> KEY = ContextKey.of("evapi.event", EvapiEvent.class);

    public EvapiEvent {
        requireNonNull(sourceAddress, "sourceAddress");
        if (conidx < 0) {
            throw new IllegalArgumentException("conidx " + conidx + " < 0");
        }
    }
}
