package io.evapi.proxy.spi.event;

/**
 * A subscriber socket parsed by its transport outside any subscription ({@link EventInterface#socket}): the
 * sub-sockets a transport made of other transports holds (event_virtual's {@code virtual:FAILOVER tcp:... udp:...}).
 * Raising through it is raising through its transport, with the transport's own queue, limits and counters.
 * Release it when its owner is released.
 */
public interface EventSocket {

    /** The transport's protocol, e.g. {@code tcp}. */
    String proto();

    /** The socket as {@code subscribers_list} would print it, {@code proto:address}. */
    String printed();

    /**
     * Delivers one event through the transport, never blocking ({@link EventTransport#raise(RaisedEvent, Object,
     * DeliveryListener)}); the listener hears the outcome exactly once.
     *
     * @return 0 when the transport accepted the event, negative when it refused it at once (the listener has
     *         then been told already)
     */
    int raise(RaisedEvent event, DeliveryListener listener);

    /** Whether both are of the same transport and its {@link EventTransport#matches} says they are the same. */
    boolean sameAs(EventSocket other);

    /** Releases what the transport holds for this socket; raising afterwards is refused. */
    void release();
}
