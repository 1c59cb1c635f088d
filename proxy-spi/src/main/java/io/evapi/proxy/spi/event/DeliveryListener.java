package io.evapi.proxy.spi.event;

/**
 * Told once whether one event reached one subscriber: OpenSIPS's asynchronous status ({@code evi_async_ctx_t},
 * {@code EVI_STATUS_SUCCESS} / {@code EVI_STATUS_FAIL}), which event_virtual's FAILOVER policy uses to try the next
 * socket. A transport calls it exactly once per {@link EventTransport#raise(RaisedEvent, Object, DeliveryListener)},
 * on any thread (often its own I/O thread), possibly before that call returns.
 *
 * <p>Implementations must not block: hand anything slow to a thread of your own.
 */
@FunctionalInterface
public interface DeliveryListener {

    /** A listener that ignores the outcome. */
    DeliveryListener NONE = (delivered, reason) -> { };

    /**
     * @param delivered true when the subscriber took the event as far as the transport can tell (event_stream:
     *                  written, or answered with a {@code result} in reliable mode; event_xmlrpc: the request
     *                  written; event_flatstore: the line written); false when it did not (queue full, refused
     *                  connection, broken connection, a reply with {@code error}, no reply within the timeout)
     * @param reason    why not, for logs and counters; null when delivered
     */
    void completed(boolean delivered, String reason);
}
