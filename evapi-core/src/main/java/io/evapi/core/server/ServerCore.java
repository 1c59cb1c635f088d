package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import io.evapi.log.RateLimitedLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's shared state: the client table, the listeners, fan-out of frames, and the counters. */
final class ServerCore {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCore.class);
    /** What clients can cause at any rate is logged at most once per this, per kind. */
    static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

    private final EvapiServerConfig config;
    private final Executor listenerExecutor;
    private final ConnectionTable table;
    private final Counters counters = new Counters();
    private final AtomicLong globalQueued = new AtomicLong();
    private final AtomicLong nextId = new AtomicLong();
    private final InboundBudget inboundBudget;
    private final List<EvapiListener> listeners = new CopyOnWriteArrayList<>();
    /** Under the public class's name: what operators see and filter on. */
    private final RateLimitedLog warnings =
            new RateLimitedLog(LoggerFactory.getLogger(EvapiServer.class), WARNING_INTERVAL);

    ServerCore(EvapiServerConfig config, Executor listenerExecutor) {
        this.config = requireNonNull(config, "config");
        this.listenerExecutor = requireNonNull(listenerExecutor, "listenerExecutor");
        this.table = new ConnectionTable(config.maxClients());
        this.inboundBudget = new InboundBudget(config.maxInboundTotalBytes());
    }

    EvapiServerConfig config() {
        return config;
    }

    /** Rate-limited warnings for what clients cause: bad frames, refusals, idle closes. */
    RateLimitedLog warnings() {
        return warnings;
    }

    Counters counters() {
        return counters;
    }

    ConnectionTable table() {
        return table;
    }

    void addListener(EvapiListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    /**
     * The lowest free slot for a client just accepted, or null when the table is full (the client is then
     * refused). Called on the accept thread only, so slots follow the accept order.
     */
    ClientConnection claim(Channel channel) {
        long id = nextId.incrementAndGet();
        ClientConnection connection = table.claim(i -> new ClientConnection(channel, i, id, counters, globalQueued,
                new InboundEvents(listenerExecutor, config.workers() == 0, channel, inboundBudget,
                        config.maxInboundBytes())));
        if (connection == null) {
            counters.refused.increment();
            InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
            warnings.warn("refused", "evapi client {} refused: all {} slots are taken (max_clients)",
                    remote == null ? "?" : remote.getAddress().getHostAddress() + ":" + remote.getPort(), table.size());
            return null;
        }
        counters.accepted.increment();
        counters.open.increment();
        LOG.debug("evapi client {}:{} connected, conidx {}", connection.remoteAddress(), connection.remotePort(),
                connection.conidx());
        return connection;
    }

    /** Frees the client's slot; idempotent (the close and the end of the channel both call it). */
    void unregister(ClientConnection connection) {
        if (table.release(connection)) {
            counters.open.decrement();
            LOG.debug("evapi client {}:{} (conidx {}) disconnected", connection.remoteAddress(),
                    connection.remotePort(), connection.conidx());
        }
    }

    void fireConnectionNew(ClientConnection c) {
        for (EvapiListener l : listeners) {
            try {
                l.onConnectionNew(c);
            } catch (Throwable e) { // an Error too: a route recursing too deep must not skip the other listeners
                listenerFailed("onConnectionNew", l, c, e);
            }
        }
    }

    void fireMessage(ClientConnection c, String message) {
        for (EvapiListener l : listeners) {
            try {
                l.onMessage(c, message);
            } catch (Throwable e) { // an Error too: a route recursing too deep must not skip the other listeners
                listenerFailed("onMessage", l, c, e);
            }
        }
    }

    void fireConnectionClosed(ClientConnection c) {
        for (EvapiListener l : listeners) {
            try {
                l.onConnectionClosed(c);
            } catch (Throwable e) { // an Error too: a route recursing too deep must not skip the other listeners
                listenerFailed("onConnectionClosed", l, c, e);
            }
        }
    }

    /** A failing listener does not keep the event from the other listeners, nor the later events. */
    private static void listenerFailed(String call, EvapiListener l, ClientConnection c, Throwable e) {
        LOG.error("evapi listener {}.{} failed for client {}:{} (conidx {})", l.getClass().getName(), call,
                c.remoteAddress(), c.remotePort(), c.conidx(), e);
    }

    /**
     * Queues one event for the matching clients, in slot order. The payload is encoded once, and only when a
     * client may have room for it: while every target is over its bound (a flood the clients cannot take),
     * the senders skip the encoding and leave the CPU to the I/O threads.
     *
     * @param recipients told each client the frame was queued for, on the calling thread; may be null
     * @return clients it was queued for, or -1 when refused by {@code max_queued_events}
     */
    int send(String payload, Function<String, ByteBuf> encoder, Predicate<ClientConnection> filter,
            boolean firstOnly, Consumer<? super EvapiConnection> recipients) {
        counters.relayed.increment();
        if (config.maxQueuedEvents() > 0 && globalQueued.get() >= config.maxQueuedEvents()) {
            counters.drop(DropReason.CONTEXT_LIMIT, 1);
            return -1;
        }
        // A frame has at least one byte per char: a client without room for that has none for the frame.
        int minSize = payload.length();
        long maxPending = config.maxPendingBytes();
        if (minSize > maxPending) {
            return tooLarge(minSize);
        }
        // Only clients accepted before this call: one that connects while the loop runs (a preempted sender can
        // be overtaken by a whole connect) must not get an event sent before it was there.
        long newestId = nextId.get();
        ByteBuf frame = null;
        int queued = 0;
        try {
            for (int i = 0; i < table.size(); i++) {
                ClientConnection c = table.get(i);
                if (c == null || c.id() > newestId || !filter.test(c) || c.closing()) {
                    continue;
                }
                long pending = c.pendingBytes();
                if (pending + minSize <= maxPending) {
                    if (frame == null) {
                        frame = encoder.apply(payload);
                        if (frame.readableBytes() > maxPending) {
                            return tooLarge(frame.readableBytes()); // the finally releases it
                        }
                    }
                    if (pending + frame.readableBytes() <= maxPending) {
                        if (c.enqueue(frame)) {
                            queued++;
                            if (recipients != null) {
                                recipients.accept(c);
                            }
                            if (firstOnly) {
                                break;
                            }
                        }
                        continue;
                    }
                }
                refuseSlow(c);
            }
        } finally {
            if (frame != null) {
                frame.release();
            }
        }
        counters.queued.add(queued);
        return queued;
    }

    /**
     * An event no client can take, however fast it reads: dropping it is not the clients' fault, so none of
     * them is counted slow or closed for it.
     */
    private int tooLarge(int bytes) {
        counters.drop(DropReason.TOO_LARGE, 1);
        warnings.warn("event-too-large", "evapi event of at least {} bytes dropped: larger than max_pending_bytes {},"
                + " no client can take it", bytes, config.maxPendingBytes());
        return 0;
    }

    private void refuseSlow(ClientConnection c) {
        counters.drop(DropReason.SLOW_CLIENT, 1);
        if (c.countSlowDrop() && config.slowClientPolicy() == SlowClientPolicy.DROP) {
            LOG.warn("evapi client {}:{} (conidx {}) is over max_pending_bytes {}: dropping events for it while it"
                    + " stays over ({} dropped so far; logged at most every 10 s)",
                    c.remoteAddress(), c.remotePort(), c.conidx(), config.maxPendingBytes(), c.slowDrops());
        }
        if (config.slowClientPolicy() == SlowClientPolicy.CLOSE && c.claimFaultClose()) {
            warnings.warn("slow-client-closed", "evapi client {}:{} (conidx {}) is over max_pending_bytes {}: closing"
                    + " it (slow_client_policy=close)", c.remoteAddress(), c.remotePort(), c.conidx(),
                    config.maxPendingBytes());
            counters.slowClosed.increment();
            c.closeChannel();
        }
    }
}
