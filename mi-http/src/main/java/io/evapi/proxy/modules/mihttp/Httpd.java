package io.evapi.proxy.modules.mihttp;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the {@code httpd} module (OpenSIPS's httpd, which serves mi_http and others): Netty's HTTP
 * codec on one I/O thread, requests routed by their first path segment to the handler a module registered for
 * it. Handlers answer asynchronously; the I/O thread never waits for them. Limits: a request body of at most
 * {@code maxBody} bytes (413 beyond), a whole request within {@code readTimeoutMillis} of its first byte (408
 * and close beyond; an idle connection is closed after the same time), one request at a time per connection
 * (pipelined requests wait, so answers keep their order and one client cannot queue without bound).
 */
public final class Httpd {
    private static final Logger LOG = LoggerFactory.getLogger(Httpd.class);

    /** A request as handlers see it. */
    public record Request(String method, String path, byte[] body) {
    }

    /** An answer: status, content type (null for none) and body. */
    public record Response(int status, String contentType, byte[] body) {
        public static Response empty(int status) {
            return new Response(status, null, new byte[0]);
        }
    }

    /** What a module serves under its root. */
    @FunctionalInterface
    public interface Handler {
        /** Called on the I/O thread: hand real work to a thread of your own and complete the future there. */
        CompletableFuture<Response> handle(Request request);
    }

    private final String ip;
    private final int port;
    private final int maxBody;
    private final long readTimeoutMillis;
    private final Map<String, Handler> roots = new ConcurrentHashMap<>();
    private EventLoopGroup group;
    private Channel server;

    Httpd(String ip, int port, int maxBody, long readTimeoutMillis) {
        this.ip = requireNonNull(ip, "ip");
        this.port = port;
        this.maxBody = maxBody;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** Serves {@code /root} (and paths below it) with the handler. */
    public void register(String root, Handler handler) {
        String key = root.replaceAll("^/+|/+$", "");
        if (roots.putIfAbsent(key, requireNonNull(handler, "handler")) != null) {
            throw new IllegalStateException("httpd root /" + key + " is served already");
        }
    }

    /** The bound address, once started. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    synchronized void start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("httpd", true), NioIoHandler.newFactory());
        try {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            Deadline deadline = new Deadline();
                            ch.pipeline().addLast(deadline, new HttpServerCodec(4096, 8192, 8192),
                                    new HttpObjectAggregator(maxBody), new Dispatch(deadline));
                        }
                    }).bind(ip, port).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        LOG.info("httpd listening on http://{}:{}/", ip, localAddress().getPort());
    }

    synchronized void stop() {
        if (server != null) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            server = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            group = null;
        }
    }

    /**
     * First in the pipeline: the time a request may take to arrive, and idle connections. Armed on connect and
     * after each answer; disarmed when a whole request has arrived.
     */
    private final class Deadline extends ChannelInboundHandlerAdapter {
        private ScheduledFuture<?> timer;
        private boolean partial;
        private ChannelHandlerContext ctx;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            this.ctx = ctx;
            arm();
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof ByteBuf b && b.isReadable()) {
                partial = true;
            }
            super.channelRead(ctx, msg);
        }

        void arm() {
            disarm();
            partial = false;
            timer = ctx.executor().schedule(this::expired, readTimeoutMillis, TimeUnit.MILLISECONDS);
        }

        void disarm() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void expired() {
            timer = null;
            if (!ctx.channel().isActive()) {
                return;
            }
            if (partial) {
                LOG.debug("httpd: request from {} not complete after {} ms, closing", ctx.channel().remoteAddress(),
                        readTimeoutMillis);
                ByteBuf b = Unpooled.copiedBuffer("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n", StandardCharsets.US_ASCII);
                ctx.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disarm();
            super.channelInactive(ctx);
        }
    }

    /** Last in the pipeline: routes a whole request to its root's handler and writes the answer. */
    private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Deadline deadline;

        Dispatch(Deadline deadline) {
            this.deadline = deadline;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            deadline.disarm();
            if (req.decoderResult().isFailure()) {
                write(ctx, Response.empty(400), false);
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            String path = req.uri();
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            String trimmed = path.replaceAll("^/+", "");
            int slash = trimmed.indexOf('/');
            Handler h = roots.get(slash < 0 ? trimmed : trimmed.substring(0, slash));
            if (h == null) {
                write(ctx, Response.empty(404), keepAlive);
                return;
            }
            Request request = new Request(req.method().name(), path, ByteBufUtil.getBytes(req.content()));
            ctx.channel().config().setAutoRead(false); // one request at a time on a connection
            CompletableFuture<Response> answer;
            try {
                answer = h.handle(request);
            } catch (RuntimeException e) {
                LOG.error("httpd: handler of {} failed", path, e);
                answer = CompletableFuture.completedFuture(Response.empty(500));
            }
            answer.whenComplete((r, e) -> {
                Response resp = e != null ? Response.empty(500) : r;
                if (ctx.executor().inEventLoop()) {
                    write(ctx, resp, keepAlive);
                } else {
                    ctx.executor().execute(() -> write(ctx, resp, keepAlive));
                }
            });
        }

        private void write(ChannelHandlerContext ctx, Response r, boolean keepAlive) {
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
            if (r.contentType() != null) {
                resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
            }
            if (r.status() == 405) {
                resp.headers().set(HttpHeaderNames.ALLOW, "POST");
            }
            HttpUtil.setContentLength(resp, r.body().length);
            if (!keepAlive) {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.writeAndFlush(resp).addListener(f -> {
                if (ctx.channel().isActive()) {
                    deadline.arm();
                    ctx.channel().config().setAutoRead(true);
                    ctx.read();
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof IOException)) {
                LOG.debug("httpd: closing {} after {}", ctx.channel().remoteAddress(), cause.toString());
            }
            ctx.close();
        }
    }
}
