package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import io.evapi.core.netstring.Netstrings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The evapi event server: clients connect over TCP, receive the events sent with {@link #relay},
 * {@link #multicast} and {@link #unicast}, and send messages that reach the {@link EvapiListener}s.
 *
 * <pre>{@code
 * EvapiServer server = EvapiServer.start(EvapiServerConfig.defaults().withBindAddr("127.0.0.1:8448"),
 *         new EvapiListener() {
 *             public void onMessage(EvapiConnection c, String message) { ... }
 *         });
 * int clients = server.relay("{\"event\":\"call\"}");
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Each client takes the lowest free slot ({@code conidx}) of a table of {@code maxClients}, in the order
 * connections are accepted; one more is closed at once, counted as refused and raises no event. Sending never
 * blocks: the frame is encoded once and queued for each client's event loop; a client that does not keep up
 * loses events (counted) or is closed, and never slows the others. A client sending a malformed frame (or, in
 * raw mode, a line over {@code maxFrameSize}) is logged, counted and closed after its earlier messages are
 * dispatched. All methods are thread-safe.
 */
public final class EvapiServer implements AutoCloseable {
    public static final int MAX_TAG_LENGTH = 64;
    /** Ids count from 1. */
    private static final long NO_ID = 0;

    private final EvapiServerConfig config;
    private final ServerCore core;
    private final ServerTransport transport;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Function<String, ByteBuf> encoder = this::encode;

    private EvapiServer(EvapiServerConfig config, EvapiListener... listeners) throws InterruptedException {
        this.config = requireNonNull(config, "config");
        ServerWarmUp.once(config); // before this server binds
        ExecutorService workers = config.workers() == 0 ? null
                : Executors.newFixedThreadPool(config.workers(), new DefaultThreadFactory("evapi-worker", true));
        this.core = new ServerCore(config, workers == null ? Runnable::run : workers);
        for (EvapiListener listener : listeners) {
            core.addListener(listener); // before the bind: no client can connect unseen by them
        }
        this.transport = new ServerTransport(core, workers);
    }

    /**
     * Binds and starts serving with these listeners in place: every client, even one connecting at once, passes
     * through their {@link EvapiListener#onConnectionNew} (an access check there cannot be bypassed).
     *
     * @throws IllegalStateException when the address cannot be bound (in use, not local, unknown host)
     */
    public static EvapiServer start(EvapiServerConfig config, EvapiListener... listeners)
            throws InterruptedException {
        for (EvapiListener listener : requireNonNull(listeners, "listeners")) {
            requireNonNull(listener, "listener");
        }
        return new EvapiServer(config, listeners);
    }

    /**
     * Binds and starts serving with no listener yet. A listener added after this misses the clients that
     * connected before: use {@link #start(EvapiServerConfig, EvapiListener...)} when one should see them all.
     *
     * @throws IllegalStateException when the address cannot be bound (in use, not local, unknown host)
     */
    public static EvapiServer start(EvapiServerConfig config) throws InterruptedException {
        return new EvapiServer(config);
    }

    public EvapiServerConfig config() {
        return config;
    }

    /** The bound address (useful when the configured port is 0). */
    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    /**
     * Adds a listener. It sees only what happens after this call: clients connected before get no
     * {@code onConnectionNew} for it. Pass listeners to {@link #start(EvapiServerConfig, EvapiListener...)} instead
     * when that matters.
     */
    public void addListener(EvapiListener listener) {
        core.addListener(listener);
    }

    /**
     * Sends an event to every client. The payload is encoded once (a netstring, or as it is in raw mode) and
     * queued for each client's I/O thread; this call never waits for a socket and may be made from any
     * thread. Events sent from one thread reach each client in the order they were sent. A client accepted
     * after the call began does not get the event.
     *
     * <p>A client whose pending output would go over {@code maxPendingBytes} with this frame does not get it
     * (counted as a {@link DropReason#SLOW_CLIENT} drop; with {@link SlowClientPolicy#CLOSE} it is also
     * closed) and is not counted in the result. A frame is queued whole or not at all. A frame larger than
     * {@code maxPendingBytes} is dropped for everyone ({@link DropReason#TOO_LARGE}) and no client is blamed.
     *
     * @return how many clients it was queued for (0: nobody is listening), or -1 when the send was refused
     *         because {@code maxQueuedEvents} frames (Kamailio's {@code context_mlimit}) already wait to be
     *         written; then nothing was queued. The limit is checked once per call, so a relay to N clients
     *         may pass it by at most N - 1 frames.
     */
    public int relay(String payload) {
        return relay(payload, null);
    }

    /**
     * As {@link #relay(String)}, and tells {@code recipients} (on the calling thread) each client the event was
     * queued for: who is to answer it, for a caller that must know when they are gone.
     */
    public int relay(String payload, Consumer<? super EvapiConnection> recipients) {
        return core.send(requireNonNull(payload, "payload"), encoder, c -> true, false, recipients);
    }

    /** Sends an event to every client whose tag equals {@code tag}; returns as {@link #relay}. */
    public int multicast(String payload, String tag) {
        return multicast(payload, tag, null);
    }

    /** As {@link #multicast(String, String)}, telling {@code recipients} as {@link #relay(String, Consumer)} does. */
    public int multicast(String payload, String tag, Consumer<? super EvapiConnection> recipients) {
        requireNonNull(tag, "tag");
        return core.send(requireNonNull(payload, "payload"), encoder, c -> tag.equals(c.tag()), false, recipients);
    }

    /**
     * Sends an event to one client: the first, in conidx order, whose tag equals {@code tag} and whose queue
     * has room (a matching client over {@code maxPendingBytes} is skipped, and that skip is counted as a
     * {@link DropReason#SLOW_CLIENT} drop).
     *
     * @return 1, 0 when no matching client took it, or -1 as for {@link #relay}
     */
    public int unicast(String payload, String tag) {
        return unicast(payload, tag, null);
    }

    /** As {@link #unicast(String, String)}, telling {@code recipients} as {@link #relay(String, Consumer)} does. */
    public int unicast(String payload, String tag, Consumer<? super EvapiConnection> recipients) {
        requireNonNull(tag, "tag");
        return core.send(requireNonNull(payload, "payload"), encoder, c -> tag.equals(c.tag()), true, recipients);
    }

    private ByteBuf encode(String payload) {
        return config.netstringFormat() ? Netstrings.encode(alloc, payload) : ByteBufUtil.writeUtf8(alloc, payload);
    }

    /**
     * Tags a connection, replacing its tag, if slot {@code conidx} still holds the connection with this id
     * ({@link EvapiConnection#id()}): a slot is reused as soon as its client leaves, and a tag meant for the
     * client that left must not land on the next one.
     *
     * @return false when that connection is gone
     * @throws IllegalArgumentException when the tag is empty or longer than 64 characters
     */
    public boolean setTag(int conidx, long connectionId, String tag) {
        requireNonNull(tag, "tag");
        if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
            throw new IllegalArgumentException("tag must have 1 to " + MAX_TAG_LENGTH + " characters, got "
                    + tag.length());
        }
        ClientConnection c = core.table().get(conidx);
        if (c == null || c.id() != connectionId) {
            return false;
        }
        c.tag(tag);
        return true;
    }

    /**
     * Tags whichever client holds slot {@code conidx} now.
     *
     * @deprecated the slot may have been reused by another client since the caller learnt it; use
     *             {@link #setTag(int, long, String)}
     */
    @Deprecated
    public boolean setTag(int conidx, String tag) {
        ClientConnection c = core.table().get(conidx);
        return setTag(conidx, c == null ? NO_ID : c.id(), tag); // checks the tag even when the slot is empty
    }

    /**
     * Closes the connection from any thread, if slot {@code conidx} still holds the connection with this id. Its
     * messages not yet dispatched to listeners are dropped, and events still queued for it are dropped (counted
     * as {@link DropReason#CLOSED}); {@link EvapiListener#onConnectionClosed} is still delivered, last. Called from
     * {@link EvapiListener#onConnectionNew}, the client is dropped before any of its messages is read (as
     * Kamailio's {@code evapi_close()} in {@code evapi:connection-new}).
     *
     * @return false when that connection is gone
     */
    public boolean close(int conidx, long connectionId) {
        ClientConnection c = core.table().get(conidx);
        if (c == null || c.id() != connectionId) {
            return false;
        }
        c.close();
        return true;
    }

    /**
     * Closes whichever client holds slot {@code conidx} now.
     *
     * @deprecated the slot may have been reused by another client since the caller learnt it; use
     *             {@link #close(int, long)}
     */
    @Deprecated
    public boolean close(int conidx) {
        ClientConnection c = core.table().get(conidx);
        return c != null && close(conidx, c.id());
    }

    /**
     * Whether a send with this tag would find a client: any client when {@code tag} is null. Allocation-free, for
     * callers that must decide before they commit to a send (evapi_async_* suspends a SIP transaction first).
     * A client being closed does not count: a send would skip it.
     */
    public boolean hasConnection(String tag) {
        ConnectionTable table = core.table();
        for (int i = 0; i < table.size(); i++) {
            ClientConnection c = table.get(i);
            if (c != null && (tag == null || tag.equals(c.tag())) && !c.closing()) {
                return true;
            }
        }
        return false;
    }

    /** The connected clients, in conidx order: a snapshot ({@link EvapiConnection#tag()} stays current). */
    public List<EvapiConnection> connections() {
        return core.table().snapshot();
    }

    /** A snapshot of the counters since start; cheap enough to poll every second. */
    public EvapiMetrics metrics() {
        return core.counters().snapshot();
    }

    /** Same as {@link #close()}. */
    public void stop() {
        close();
    }

    /**
     * Closes the listening socket and every client, delivers the closed events, and stops the threads.
     * Idempotent. Events still queued for clients are dropped (counted as {@link DropReason#CLOSED}).
     */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "EvapiServer[" + transport + "]";
    }
}
