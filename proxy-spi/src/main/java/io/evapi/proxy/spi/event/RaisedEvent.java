package io.evapi.proxy.spi.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One raise of an event, as every subscriber's transport sees it: the event, its parameters in order, and
 * the JSON-RPC payload built once and shared by every transport that sends it ({@link #jsonRpcBytes()}).
 * Immutable; safe to hand to another thread.
 */
public final class RaisedEvent {
    private final PublishedEvent event;
    private final List<EventParam> params;
    private volatile byte[] jsonRpc;

    public RaisedEvent(PublishedEvent event, List<EventParam> params) {
        this.event = requireNonNull(event, "event");
        this.params = List.copyOf(params);
    }

    public PublishedEvent event() {
        return event;
    }

    public String name() {
        return event.name();
    }

    public List<EventParam> params() {
        return params;
    }

    /** {@link EventPayload#jsonRpc(String, List)} of this raise, in UTF-8, built on first use. Do not modify. */
    public byte[] jsonRpcBytes() {
        byte[] b = jsonRpc;
        if (b == null) {
            b = EventPayload.jsonRpc(event.name(), params).getBytes(UTF_8);
            jsonRpc = b;
        }
        return b;
    }

    /** The parameter of that name, or null; for event routes' {@code $param(name)}. */
    public EventParam param(String name) {
        for (EventParam p : params) {
            if (name.equals(p.name())) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return event.name() + params;
    }
}
