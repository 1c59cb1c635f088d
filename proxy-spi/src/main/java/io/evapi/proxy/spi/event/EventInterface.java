package io.evapi.proxy.spi.event;

import java.util.List;
import java.util.Optional;

/**
 * The Events Interface (OpenSIPS's {@code evi}): events published by name, subscribers per event, and the
 * transports that deliver to them. A host service every module finds with
 * {@code host.service(EventInterface.class)}: the {@code event_interface} module is loaded before every other
 * module, so a module publishes its events and registers its transports while it is configured.
 *
 * <p>A module that raises events publishes each once, keeps the {@link PublishedEvent}, and on each occurrence
 * checks {@link #hasSubscribers} before building the parameters (as OpenSIPS's {@code evi_probe_event}).
 * Every method is safe on any thread; {@link #raise} never blocks.
 */
public interface EventInterface {

    /** Longest event name, as OpenSIPS's {@code MAX_EVENT_NAME}. */
    int MAX_NAME_LENGTH = 64;

    /**
     * Publishes an event, or returns it when that name is published already. Ids follow registration order.
     *
     * @throws IllegalArgumentException for an empty name or one longer than {@link #MAX_NAME_LENGTH}
     */
    PublishedEvent publish(String name);

    /** The published event of that name. */
    Optional<PublishedEvent> find(String name);

    /** Whether the event has at least one subscriber now: skip building parameters when not. */
    boolean hasSubscribers(PublishedEvent event);

    /**
     * Raises the event: each subscriber, newest first, gets it through its transport; an expired subscriber is
     * dropped instead. A transport that refuses does not stop the others.
     *
     * @return 0 when there was no subscriber or every transport accepted it; negative when one refused
     */
    int raise(PublishedEvent event, List<EventParam> params);

    /**
     * Subscribes {@code socket} ({@code proto:address}) to the event; a socket matching an existing subscriber
     * refreshes it instead.
     *
     * @param expireSeconds how long the subscription lasts from now; with {@code alwaysExpire} false (script
     *                      {@code subscribe_event}), 0 means it never expires; with it true (MI), 0 means it
     *                      ends at the end of this second
     * @throws SubscribeException for an unknown event, a bad socket or too many subscribers
     */
    void subscribe(String event, String socket, long expireSeconds, boolean alwaysExpire) throws SubscribeException;

    /**
     * Adds a transport for the sockets whose protocol is {@link EventTransport#proto()}.
     *
     * @throws IllegalStateException when that protocol has a transport already
     */
    void registerTransport(EventTransport<?> transport);

    /**
     * Parses a socket ({@code proto:address}) with its transport without subscribing it, for a transport made of
     * other transports (event_virtual's sub-sockets). The caller releases it ({@link EventSocket#release()}) when
     * done with it.
     *
     * @throws InvalidSocketException for an unknown protocol or an address its transport refuses
     */
    default EventSocket socket(String socket) throws InvalidSocketException {
        throw new InvalidSocketException("this event interface cannot parse sockets for other transports");
    }
}
