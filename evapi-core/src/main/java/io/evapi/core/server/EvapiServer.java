package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import io.evapi.core.netstring.NetstringDecoder;
import io.evapi.core.netstring.Netstrings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evapi event server: clients connect over TCP, receive the events sent with {@link #relay},
 * {@link #multicast} and {@link #unicast}, and send messages that reach the {@link EvapiListener}s.
 *
 * <pre>{@code
 * EvapiServer server = EvapiServer.start(EvapiServerConfig.defaults().withBindAddr("127.0.0.1:8448"));
 * server.addListener(new EvapiListener() {
 *     public void onMessage(EvapiConnection c, String message) { ... }
 * });
 * int clients = server.relay("{\"event\":\"call\"}");
 * ...
 * server.stop();
 * }</pre>
 *
 * <p>Each client takes the lowest free slot ({@code conidx}) of a table of {@code maxClients}; one more is
 * closed at once, counted as refused and raises no event. Sending never blocks: the frame is encoded once and
 * queued for each client's event loop; a client that does not keep up loses events (counted) or is closed,
 * and never slows the others. A client sending a malformed frame (or, in raw mode, a line over
 * {@code maxFrameSize}) is logged, counted and closed after its earlier messages are dispatched. All methods
 * are thread-safe.
 */
public final class EvapiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvapiServer.class);
    public static final int MAX_TAG_LENGTH = 64;

    private final EvapiServerConfig config;
    private final ServerCore core;
    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ExecutorService workers;
    private final Channel serverChannel;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Function<String, ByteBuf> encoder = this::encode;

    private EvapiServer(EvapiServerConfig config) throws InterruptedException {
        this.config = requireNonNull(config, "config");
        this.workers = config.workers() == 0 ? null
                : Executors.newFixedThreadPool(config.workers(), new DefaultThreadFactory("evapi-worker", true));
        this.core = new ServerCore(config, workers == null ? Runnable::run : workers);
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("evapi-accept", true),
                NioIoHandler.newFactory());
        this.io = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("evapi-io", true),
                NioIoHandler.newFactory());
        try {
            this.serverChannel = new ServerBootstrap()
                    .group(boss, io)
                    .channel(NioServerSocketChannel.class)
                    .handler(new AcceptOrder(core))
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            configure(ch.pipeline(), ch.attr(AcceptOrder.CONNECTION).getAndSet(null));
                        }
                    })
                    .bind(config.bindAddress().toSocketAddress()).sync().channel();
        } catch (InterruptedException e) {
            shutdownThreads();
            throw e;
        } catch (Exception e) { // Netty rethrows the bind's checked IOException undeclared
            shutdownThreads();
            throw new IllegalStateException("evapi: cannot listen on " + config.bindAddr() + ": " + e, e);
        }
        LOG.info("evapi listening on {} (max_clients {}, {} format)", serverChannel.localAddress(),
                config.maxClients(), config.netstringFormat() ? "netstring" : "raw");
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException when the address cannot be bound (in use, not local, unknown host)
     */
    public static EvapiServer start(EvapiServerConfig config) throws InterruptedException {
        return new EvapiServer(config);
    }

    private void configure(ChannelPipeline p, ClientConnection connection) {
        p.addLast(config.netstringFormat()
                ? new NetstringDecoder(config.maxFrameSize())
                : new LineBasedFrameDecoder(config.maxFrameSize(), true, true));
        p.addLast(new ClientHandler(core, connection));
    }

    public EvapiServerConfig config() {
        return config;
    }

    /** The bound address (useful when the configured port is 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Adds a listener; add listeners before clients connect to see every event. */
    public void addListener(EvapiListener listener) {
        core.addListener(listener);
    }

    /**
     * Sends an event to every client. The payload is encoded once (a netstring, or as it is in raw mode) and
     * queued for each client's I/O thread; this call never waits for a socket and may be made from any
     * thread. Events sent from one thread reach each client in the order they were sent.
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
        return core.send(requireNonNull(payload, "payload"), encoder, c -> true, false);
    }

    /** Sends an event to every client whose tag equals {@code tag}; returns as {@link #relay}. */
    public int multicast(String payload, String tag) {
        requireNonNull(tag, "tag");
        return core.send(requireNonNull(payload, "payload"), encoder, c -> tag.equals(c.tag()), false);
    }

    /**
     * Sends an event to one client: the first, in conidx order, whose tag equals {@code tag} and whose queue
     * has room (a matching client over {@code maxPendingBytes} is skipped, and that skip is counted as a
     * {@link DropReason#SLOW_CLIENT} drop).
     *
     * @return 1, 0 when no matching client took it, or -1 as for {@link #relay}
     */
    public int unicast(String payload, String tag) {
        requireNonNull(tag, "tag");
        return core.send(requireNonNull(payload, "payload"), encoder, c -> tag.equals(c.tag()), true);
    }

    private ByteBuf encode(String payload) {
        return config.netstringFormat() ? Netstrings.encode(alloc, payload) : ByteBufUtil.writeUtf8(alloc, payload);
    }

    /**
     * Tags a connection, replacing its tag.
     *
     * @return false when no client holds that conidx
     * @throws IllegalArgumentException when the tag is empty or longer than 64 characters
     */
    public boolean setTag(int conidx, String tag) {
        requireNonNull(tag, "tag");
        if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
            throw new IllegalArgumentException("tag must have 1 to " + MAX_TAG_LENGTH + " characters, got "
                    + tag.length());
        }
        ClientConnection c = core.table().get(conidx);
        if (c == null) {
            return false;
        }
        c.tag(tag);
        return true;
    }

    /**
     * Closes a connection from any thread. Its messages not yet dispatched to listeners are dropped, and
     * events still queued for it are dropped (counted as {@link DropReason#CLOSED});
     * {@link EvapiListener#onConnectionClosed} is still delivered, last. Called from
     * {@link EvapiListener#onConnectionNew}, the client is dropped before any of its messages is read (as
     * Kamailio's {@code evapi_close()} in {@code evapi:connection-new}).
     *
     * @return false when no client holds that conidx
     */
    public boolean close(int conidx) {
        ClientConnection c = core.table().get(conidx);
        if (c == null) {
            return false;
        }
        c.close();
        return true;
    }

    /** Closes the connection only if {@code conidx} is still held by the connection with this id. */
    public boolean close(int conidx, long connectionId) {
        ClientConnection c = core.table().get(conidx);
        if (c == null || c.id() != connectionId) {
            return false;
        }
        c.close();
        return true;
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
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        core.table().forEach(c -> c.closeChannel().syncUninterruptibly());
        shutdownThreads();
        LOG.info("evapi server on {} stopped", serverChannel.localAddress());
    }

    private void shutdownThreads() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (workers != null) {
            workers.shutdown();
            try {
                if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("evapi workers still busy after 5 s at shutdown");
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "EvapiServer[" + Objects.toString(serverChannel.localAddress()) + "]";
    }
}
