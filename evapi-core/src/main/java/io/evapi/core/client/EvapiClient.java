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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of an evapi server: receives its events and sends messages back, reconnecting with exponential
 * backoff when the connection drops.
 *
 * <pre>{@code
 * EvapiClient client = EvapiClient.builder("127.0.0.1", 8448)
 *         .onMessage(event -> System.out.println("event: " + event))
 *         .build();
 * client.connect().join();
 * client.send("{\"index\": 12, \"label\": 34}");
 * }</pre>
 *
 * <p>Callbacks run on the client's I/O thread, one at a time, in the order events arrived; hand long work to
 * another thread. Thread-safe.
 */
public final class EvapiClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvapiClient.class);

    private final EvapiClientConfig config;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private volatile Channel channel;
    private volatile boolean closed;
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

    public static EvapiClientConfig.Builder builder(String host, int port) {
        return new EvapiClientConfig.Builder(host, port);
    }

    static EvapiClient create(EvapiClientConfig config) {
        return new EvapiClient(config);
    }

    /**
     * Connects. The future completes when the first connection is up, or fails if it cannot be made (then,
     * with reconnect on, the client keeps trying in the background).
     */
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        attempt(result);
        return result;
    }

    private void attempt(CompletableFuture<Void> firstResult) {
        if (closed) {
            return;
        }
        bootstrap.connect(config.host(), config.port()).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                channel = f.channel();
                backoffMillis = config.minBackoff().toMillis();
                LOG.debug("connected to evapi server {}", f.channel().remoteAddress());
                config.onConnected().run();
                if (firstResult != null) {
                    firstResult.complete(null);
                }
            } else {
                if (firstResult != null) {
                    firstResult.completeExceptionally(f.cause());
                }
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
        group.schedule(() -> attempt(null), delay, TimeUnit.MILLISECONDS);
    }

    /** Sends one message (a netstring, or a line in raw mode); fails when not connected. */
    public CompletableFuture<Void> send(String message) {
        requireNonNull(message, "message");
        Channel ch = channel;
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (ch == null || !ch.isActive()) {
            result.completeExceptionally(new IllegalStateException("not connected to the evapi server"));
            return result;
        }
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

    public boolean isConnected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Disconnects for good and stops the client's thread. */
    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Inbound extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            if (frame.isReadable()) {
                config.onMessage().accept(frame.toString(UTF_8));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            LOG.debug("disconnected from evapi server {}", ctx.channel().remoteAddress());
            config.onDisconnected().run();
            scheduleReconnect();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("evapi client connection to {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
