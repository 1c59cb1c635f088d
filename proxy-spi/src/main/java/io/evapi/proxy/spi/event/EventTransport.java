package io.evapi.proxy.spi.event;

/**
 * A way to deliver events to subscribers, OpenSIPS's {@code evi_export_t}: the {@code udp}/{@code unix} of
 * event_datagram, the {@code tcp} of event_stream, ... A transport plugin registers it with
 * {@link EventInterface#registerTransport} while it is configured (the event interface is loaded before any
 * plugin, so it is always there to register with).
 *
 * <p>A subscriber socket is written {@code proto ":" address}; the event interface picks the transport whose
 * {@link #proto()} equals the text before the first {@code :} exactly, and hands it the rest.
 *
 * @param <S> the transport's parsed socket: whatever it needs to send (a resolved address, a channel, counters)
 */
public interface EventTransport<S> {

    /** The protocol prefix this transport answers to, e.g. {@code udp}. */
    String proto();

    /**
     * Parses the text after {@code proto:} into a socket, resolving names now (OpenSIPS resolves at subscribe
     * time). Called on an MI worker thread or in a script route, never on an I/O thread.
     *
     * @throws InvalidSocketException with what was expected
     */
    S parse(String address) throws InvalidSocketException;

    /**
     * Whether {@code candidate} names the same subscriber as {@code existing}: a subscription whose socket
     * matches an existing one refreshes it instead of adding one.
     */
    boolean matches(S existing, S candidate);

    /** The socket as {@code subscribers_list} prints it after {@code proto:}, e.g. {@code 127.0.0.1:8888}. */
    String print(S socket);

    /**
     * Delivers one event to one subscriber. Called on the raising thread, often a SIP worker: it must never
     * block (hand the payload to a bounded queue of your own, and count what does not fit).
     *
     * @return 0 when the event was accepted for delivery, a negative number when it was not
     */
    int raise(RaisedEvent event, S socket);

    /**
     * Delivers one event to one socket and reports, once, whether it got there: OpenSIPS's raise with an
     * {@code evi_async_ctx_t} (the {@code EVI_ASYNC_STATUS} transports). event_virtual's FAILOVER raises its
     * sub-sockets this way and tries the next one when the listener hears {@code false}. Never blocks, like
     * {@link #raise(RaisedEvent, Object)}.
     *
     * <p>The listener is called exactly once, on any thread, possibly before this method returns (always so when
     * it returns a negative number). A transport that knows more than "accepted" (a connection refused, a reply,
     * a timeout) overrides this; the default reports {@link #raise(RaisedEvent, Object)}'s answer at once, so a
     * transport that does not override it (event_datagram) counts as delivered when its queue took the event.
     *
     * @return 0 when the event was accepted for delivery, a negative number when it was refused at once
     */
    default int raise(RaisedEvent event, S socket, DeliveryListener listener) {
        int rc;
        try {
            rc = raise(event, socket);
        } catch (RuntimeException e) {
            listener.completed(false, e.toString());
            throw e;
        }
        listener.completed(rc >= 0, rc >= 0 ? null : "refused by the " + proto() + " transport");
        return rc;
    }

    /** The subscription is gone (unsubscribed, expired, or the proxy stops): close what the socket holds. */
    default void release(S socket) {
    }

    /**
     * Whether subscriptions on this transport can expire (OpenSIPS's {@code EVI_EXPIRE} flag): true for
     * sockets of outside subscribers; false for internal ones such as {@code route:}, which never expire.
     */
    default boolean expires() {
        return true;
    }
}
