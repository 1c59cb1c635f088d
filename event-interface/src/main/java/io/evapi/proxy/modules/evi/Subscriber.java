package io.evapi.proxy.modules.evi;

import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.RaisedEvent;

/**
 * One subscriber of one event (OpenSIPS's {@code evi_subs_t}): its transport and parsed socket, when it
 * subscribed last, its expire and whether it expires at all ({@code EVI_EXPIRE}). Refreshes change the three
 * mutable fields under the event's lock; raises read them without it.
 */
final class Subscriber {
    final EventTransport<Object> transport;
    final Object socket;
    final String printed;
    private volatile long subscribedAt;
    private volatile long expire;
    private volatile boolean expires;

    @SuppressWarnings("unchecked")
    Subscriber(EventTransport<?> transport, Object socket, long now, long expire, boolean expires) {
        this.transport = (EventTransport<Object>) transport;
        this.socket = socket;
        this.printed = transport.proto() + ":" + this.transport.print(socket);
        this.subscribedAt = now;
        this.expire = expire;
        this.expires = expires;
    }

    /** OpenSIPS's check: {@code EVI_EXPIRE && sub_time + expire < now}, in whole seconds. */
    boolean expired(long now) {
        return expires && subscribedAt + expire < now;
    }

    /** A matching subscription came again: it starts over now; with the expire flag, its expire is replaced. */
    void refresh(long now, long newExpire, boolean newExpires) {
        subscribedAt = now;
        if (newExpires) {
            expire = newExpire;
            expires = true;
        }
    }

    int raise(RaisedEvent event) {
        return transport.raise(event, socket);
    }

    boolean expires() {
        return expires;
    }

    long expire() {
        return expire;
    }

    long subscribedAt() {
        return subscribedAt;
    }

    void release() {
        transport.release(socket);
    }

    @Override
    public String toString() {
        return printed;
    }
}
