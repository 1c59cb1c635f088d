package io.evapi.proxy.modules.evi;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.spi.event.DeliveryListener;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.EventSocket;
import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.InvalidSocketException;
import io.evapi.proxy.spi.event.PublishedEvent;
import io.evapi.proxy.spi.event.RaisedEvent;
import io.evapi.proxy.spi.event.SubscribeException;
import io.evapi.proxy.spi.event.SubscribeException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event registry (OpenSIPS's {@code evi/event_interface.c}): published events with ids in registration
 * order, their subscribers newest first, the transports by protocol, and the lazy expiry: an expired subscriber
 * is dropped when its event is raised or listed, never by a timer.
 *
 * <p>Raising reads an immutable array of subscribers without a lock; subscribing and purging replace the array
 * under the event's lock.
 */
final class EventRegistry implements EventInterface {
    private static final Logger LOG = LoggerFactory.getLogger(EventRegistry.class);

    /** The events OpenSIPS 3.3+ registers first, so their ids are fixed (evi_core.h). */
    static final List<String> CORE_EVENTS = List.of("E_CORE_SR_STATUS_CHANGED", "E_CORE_THRESHOLD",
            "E_CORE_SHM_THRESHOLD", "E_CORE_PKG_THRESHOLD", "E_CORE_PROC_AUTO_SCALE", "E_CORE_TCP_DISCONNECT");

    /** OpenSIPS's {@code MAX_REC_LEV}: a transport raising while it raises stops here. */
    static final int MAX_NESTING = 100;
    private static final ThreadLocal<int[]> NESTING = ThreadLocal.withInitial(() -> new int[1]);

    /** One published event and its subscribers. */
    static final class Entry {
        final PublishedEvent event;
        volatile Subscriber[] subscribers = new Subscriber[0];

        Entry(PublishedEvent event) {
            this.event = event;
        }
    }

    private final List<Entry> byId = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, Entry> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, EventTransport<?>> transports = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final int maxSubscribers;

    /**
     * @param clock          the time in whole seconds (OpenSIPS's {@code time(0)})
     * @param maxSubscribers subscribers one event may have
     */
    EventRegistry(LongSupplier clock, int maxSubscribers) {
        this.clock = requireNonNull(clock, "clock");
        this.maxSubscribers = maxSubscribers;
        CORE_EVENTS.forEach(this::publish);
    }

    static long wallClockSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    long now() {
        return clock.getAsLong();
    }

    @Override
    public synchronized PublishedEvent publish(String name) {
        requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("an event name has 1 to " + MAX_NAME_LENGTH + " characters, found "
                    + name.length() + ": '" + name + "'");
        }
        Entry e = byName.get(name);
        if (e != null) {
            return e.event;
        }
        e = new Entry(new PublishedEvent(byId.size(), name));
        byId.add(e);
        byName.put(name, e);
        return e.event;
    }

    @Override
    public Optional<PublishedEvent> find(String name) {
        Entry e = name == null ? null : byName.get(name);
        return e == null ? Optional.empty() : Optional.of(e.event);
    }

    Entry entry(PublishedEvent event) {
        Entry e = event.id() < byId.size() ? byId.get(event.id()) : null;
        if (e == null || !e.event.equals(event)) {
            throw new IllegalArgumentException("event " + event + " was not published here");
        }
        return e;
    }

    /** Every published event, by id. */
    List<Entry> entries() {
        return List.copyOf(byId);
    }

    @Override
    public boolean hasSubscribers(PublishedEvent event) {
        return entry(event).subscribers.length > 0;
    }

    @Override
    public int raise(PublishedEvent event, List<EventParam> params) {
        Entry e = entry(event);
        Subscriber[] subs = e.subscribers;
        if (subs.length == 0) {
            return 0;
        }
        int[] depth = NESTING.get();
        if (depth[0] >= MAX_NESTING) {
            LOG.error("event {} raised {} levels deep: not raised", event.name(), depth[0]);
            return -1;
        }
        depth[0]++;
        try {
            RaisedEvent raised = new RaisedEvent(event, params);
            long now = clock.getAsLong();
            int rc = 0;
            boolean purge = false;
            for (Subscriber s : subs) {
                if (s.expired(now)) {
                    purge = true;
                    continue;
                }
                try {
                    rc += Math.min(0, s.raise(raised));
                } catch (RuntimeException ex) {
                    LOG.error("transport {} failed to raise {} to {}", s.transport.proto(), event.name(), s, ex);
                    rc -= 1;
                }
            }
            if (purge) {
                purge(e, now);
            }
            return rc;
        } finally {
            depth[0]--;
        }
    }

    /** Drops the expired subscribers of an event; returns those left, newest first. */
    Subscriber[] purge(Entry e, long now) {
        List<Subscriber> gone = new ArrayList<>();
        Subscriber[] left;
        synchronized (e) {
            List<Subscriber> keep = new ArrayList<>(e.subscribers.length);
            for (Subscriber s : e.subscribers) {
                (s.expired(now) ? gone : keep).add(s);
            }
            left = keep.toArray(Subscriber[]::new);
            if (!gone.isEmpty()) {
                e.subscribers = left;
            }
        }
        for (Subscriber s : gone) {
            LOG.debug("subscriber {} of {} expired", s, e.event.name());
            s.release();
        }
        return left;
    }

    @Override
    public void subscribe(String event, String socket, long expireSeconds, boolean alwaysExpire)
            throws SubscribeException {
        Entry e = event == null ? null : byName.get(event);
        if (e == null) {
            throw new SubscribeException(Reason.UNKNOWN_EVENT, "event " + event + " is not published");
        }
        if (expireSeconds < 0) {
            throw new SubscribeException(Reason.BAD_SOCKET, "negative expire " + expireSeconds);
        }
        ParsedSocket parsed = parse(socket);
        // OpenSIPS: the transport's sockets expire; a script subscription without expire (or 0) never does
        boolean expires = parsed.transport.expires() && (expireSeconds != 0 || alwaysExpire);
        long now = clock.getAsLong();
        Subscriber added = null;
        Subscriber refreshed = null;
        synchronized (e) {
            for (Subscriber s : e.subscribers) {
                if (s.transport == parsed.transport && s.transport.matches(s.socket, parsed.socket)) {
                    s.refresh(now, expireSeconds, expires);
                    refreshed = s;
                    break;
                }
            }
            if (refreshed == null) {
                if (e.subscribers.length >= maxSubscribers) {
                    release(parsed);
                    throw new SubscribeException(Reason.TOO_MANY_SUBSCRIBERS, "event " + event + " has "
                            + e.subscribers.length + " subscribers, the most allowed (modparam event_interface"
                            + " max_subscribers)");
                }
                added = new Subscriber(parsed.transport, parsed.socket, now, expireSeconds, expires);
                Subscriber[] next = new Subscriber[e.subscribers.length + 1];
                next[0] = added; // newest first
                System.arraycopy(e.subscribers, 0, next, 1, e.subscribers.length);
                e.subscribers = next;
            }
        }
        if (refreshed != null) {
            release(parsed);
            LOG.debug("subscriber {} of {} refreshed, expire {}", refreshed, event, refreshed.expires()
                    ? refreshed.expire() : "never");
        } else {
            LOG.debug("subscriber {} of {} added, expire {}", added, event, expires ? expireSeconds : "never");
        }
    }

    private record ParsedSocket(EventTransport<Object> transport, Object socket) {
    }

    @SuppressWarnings("unchecked")
    private ParsedSocket parse(String socket) throws SubscribeException {
        if (socket == null) {
            throw new SubscribeException(Reason.BAD_SOCKET, "no socket");
        }
        int colon = socket.indexOf(':');
        if (colon <= 0) {
            throw new SubscribeException(Reason.BAD_SOCKET, "socket '" + socket + "' has no protocol: expected"
                    + " proto:address such as udp:127.0.0.1:8888 (protocols: " + protocols() + ")");
        }
        String proto = socket.substring(0, colon);
        EventTransport<Object> t = (EventTransport<Object>) transports.get(proto);
        if (t == null) {
            throw new SubscribeException(Reason.BAD_SOCKET, "no transport for protocol '" + proto + "' in '"
                    + socket + "': expected one of " + protocols() + " (loadmodule the transport, such as"
                    + " event_datagram.so)");
        }
        try {
            Object parsed = t.parse(socket.substring(colon + 1));
            if (parsed == null) {
                throw new InvalidSocketException("refused");
            }
            return new ParsedSocket(t, parsed);
        } catch (InvalidSocketException ex) {
            throw new SubscribeException(Reason.BAD_SOCKET, "bad " + proto + " socket '" + socket + "': "
                    + ex.getMessage());
        }
    }

    private static void release(ParsedSocket p) {
        try {
            p.transport.release(p.socket);
        } catch (RuntimeException ex) {
            LOG.warn("transport {} failed to release a socket", p.transport.proto(), ex);
        }
    }

    /** The subscriber of an event that a socket names, after purging; null when none matches. */
    Subscriber findSubscriber(Entry e, String socket) throws SubscribeException {
        ParsedSocket parsed = parse(socket);
        try {
            for (Subscriber s : purge(e, clock.getAsLong())) {
                if (s.transport == parsed.transport && s.transport.matches(s.socket, parsed.socket)) {
                    return s;
                }
            }
            return null;
        } finally {
            release(parsed);
        }
    }

    @Override
    public EventSocket socket(String socket) throws InvalidSocketException {
        ParsedSocket parsed;
        try {
            parsed = parse(socket);
        } catch (SubscribeException e) {
            throw new InvalidSocketException(e.getMessage());
        }
        return new StandaloneSocket(parsed);
    }

    /** A socket parsed for another transport (event_virtual's sub-sockets), outside any subscription. */
    private static final class StandaloneSocket implements EventSocket {
        private final ParsedSocket parsed;
        private final String printed;
        private volatile boolean released;

        StandaloneSocket(ParsedSocket parsed) {
            this.parsed = parsed;
            this.printed = parsed.transport.proto() + ":" + parsed.transport.print(parsed.socket);
        }

        @Override
        public String proto() {
            return parsed.transport.proto();
        }

        @Override
        public String printed() {
            return printed;
        }

        @Override
        public int raise(RaisedEvent event, DeliveryListener listener) {
            if (released) {
                listener.completed(false, "socket " + printed + " released");
                return -1;
            }
            return parsed.transport.raise(event, parsed.socket, listener);
        }

        @Override
        public boolean sameAs(EventSocket other) {
            return other instanceof StandaloneSocket o && o.parsed.transport == parsed.transport
                    && parsed.transport.matches(parsed.socket, o.parsed.socket);
        }

        @Override
        public synchronized void release() {
            if (!released) {
                released = true;
                EventRegistry.release(parsed);
            }
        }

        @Override
        public String toString() {
            return printed;
        }
    }

    String protocols() {
        List<String> names = new ArrayList<>(transports.keySet());
        names.sort(null);
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    @Override
    public void registerTransport(EventTransport<?> transport) {
        requireNonNull(transport, "transport");
        String proto = requireNonNull(transport.proto(), "proto");
        if (proto.isEmpty() || proto.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a transport protocol is a word without ':', found '" + proto + "'");
        }
        if (transports.putIfAbsent(proto, transport) != null) {
            throw new IllegalStateException("protocol " + proto + " has a transport already");
        }
    }

    /** At shutdown: every subscriber's socket is released. */
    void releaseAll() {
        for (Entry e : byId) {
            Subscriber[] subs;
            synchronized (e) {
                subs = e.subscribers;
                e.subscribers = new Subscriber[0];
            }
            for (Subscriber s : subs) {
                try {
                    s.release();
                } catch (RuntimeException ex) {
                    LOG.warn("failed to release {}", s, ex);
                }
            }
        }
    }
}
