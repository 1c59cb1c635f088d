package io.evapi.core.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.evapi.core.netstring.NetstringDecoder;
import io.evapi.core.netstring.Netstrings;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of an evapi server: receives its events and sends messages back, reconnecting with exponential
 * backoff when the connection drops.
 *
 * <pre>{@code
 * try (EvapiClient client = EvapiClient.builder("127.0.0.1", 8448)
 *         .onFrame(event -> System.out.println("event: " + event))
 *         .onDisconnected(() -> System.out.println("lost the server, reconnecting"))
 *         .build()) {
 *     client.connect().join();
 *     client.send("{\"index\": 12, \"label\": 34}").join();
 *     ...
 * }
 * }</pre>
 *
 * <p>Callbacks run on the client's I/O thread, one at a time, in the order events arrived; hand long work to
 * another thread. An exception thrown by a callback is logged and does not close the connection. Events the
 * server sent while the client was disconnected are lost (the server does not keep them). Thread-safe.
 */
public final class EvapiClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvapiClient.class);

    private final EvapiClientConfig config;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile boolean started;
    private volatile boolean closed;
    /** Touched on the I/O thread only. */
    private long backoffMillis;

    private EvapiClient(EvapiClientConfig config) {
        this.config = requireNonNull(config, "config");
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("evapi-client", true),
                NioIoHandler.newFactory());
        this.backoffMillis = config.minBackoff().toMillis();
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(config.netstringFormat()
                                ? new NetstringDecoder(config.maxFrameSize())
                                : new LineBasedFrameDecoder(config.maxFrameSize(), true, true));
                        ch.pipeline().addLast(new Inbound());
                    }
                });
    }

    /** Starts building a client of the server at {@code host:port}. */
    public static EvapiClientConfig.Builder builder(String host, int port) {
        return new EvapiClientConfig.Builder(host, port);
    }

    static EvapiClient create(EvapiClientConfig config) {
        return new EvapiClient(config);
    }

    /**
     * Connects. The future completes when the first connection is up, or fails if the first attempt fails
     * (then, with reconnect on, the client keeps trying in the background and {@link #isConnected()} tells
     * when it made it). Calling it again returns the same future.
     */
    public synchronized CompletableFuture<Void> connect() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the evapi client is closed"));
        }
        if (!started) {
            started = true;
            attempt();
        }
        return firstConnection;
    }

    private void attempt() {
        if (closed) {
            return;
        }
        bootstrap.connect(config.host(), config.port()).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                channel = f.channel();
                if (closed) {
                    f.channel().close();
                    return;
                }
                backoffMillis = config.minBackoff().toMillis();
                LOG.debug("connected to evapi server {}", f.channel().remoteAddress());
                callback("onConnected", config.onConnected());
                firstConnection.complete(null);
            } else {
                if (!firstConnection.isDone()) {
                    LOG.debug("cannot connect to evapi server {}:{}: {}", config.host(), config.port(),
                            f.cause().toString());
                }
                firstConnection.completeExceptionally(f.cause());
                scheduleReconnect();
            }
        });
    }

    private void scheduleReconnect() {
        if (closed || !config.reconnect()) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, config.maxBackoff().toMillis());
        try {
            group.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: no more attempts
        }
    }

    /**
     * Sends one message: a netstring, or in raw mode the text followed by a line feed. Never blocks.
     *
     * @return completes when the message was written to the socket; fails with an
     *         {@link IllegalStateException} when not connected, an {@link IllegalArgumentException} when in raw
     *         mode the message contains a line feed, or the I/O error when the connection breaks first
     */
    public CompletableFuture<Void> send(String message) {
        requireNonNull(message, "message");
        if (!config.netstringFormat() && message.indexOf('\n') >= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "raw mode sends one line per message: the message contains a line feed"));
        }
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to the evapi server "
                    + config.host() + ":" + config.port()));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        ByteBuf frame = config.netstringFormat()
                ? Netstrings.encode(ch.alloc(), message)
                : ByteBufUtil.writeUtf8(ch.alloc(), message + "\n");
        ch.writeAndFlush(frame).addListener(f -> {
            if (f.isSuccess()) {
                result.complete(null);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /** True while a connection to the server is up. */
    public boolean isConnected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Disconnects for good and stops the client's thread; no callback runs after it returns. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Channel ch = channel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        firstConnection.completeExceptionally(new IllegalStateException("the evapi client was closed"));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static void callback(String name, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("evapi client callback {} failed", name, e);
        }
    }

    private final class Inbound extends SimpleChannelInboundHandler<ByteBuf> {
        /** After a framing error nothing more is an event (the line decoder would go on at close). */
        private boolean inputBroken;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            if (inputBroken || !frame.isReadable()) {
                return; // after a bad frame, or an empty line in raw mode
            }
            String event = frame.toString(UTF_8);
            try {
                config.onFrame().accept(event);
            } catch (RuntimeException e) {
                LOG.warn("evapi client callback onFrame failed", e);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            LOG.debug("disconnected from evapi server {}", ctx.channel().remoteAddress());
            if (!closed) {
                callback("onDisconnected", config.onDisconnected());
            }
            scheduleReconnect();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (inputBroken) {
                return;
            }
            inputBroken = true;
            LOG.warn("evapi client connection to {} failed, closing it: {}", ctx.channel().remoteAddress(),
                    cause.toString());
            ctx.close();
        }
    }
}
