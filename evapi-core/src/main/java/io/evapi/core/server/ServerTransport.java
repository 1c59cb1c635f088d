package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import io.evapi.core.netstring.NetstringDecoder;
import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's sockets and threads: the listening socket, the accept and I/O threads, each client's pipeline. */
final class ServerTransport {
    private static final Logger LOG = LoggerFactory.getLogger(EvapiServer.class);

    private final EvapiServerConfig config;
    private final ServerCore core;
    private final ExecutorService workers;
    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final Channel serverChannel;

    /**
     * Binds and starts accepting.
     *
     * @param workers the listener pool (null with {@code workers = 0}), shut down with the rest, also when the
     *                bind fails
     */
    ServerTransport(ServerCore core, ExecutorService workers) throws InterruptedException {
        this.core = requireNonNull(core, "core");
        this.config = core.config();
        this.workers = workers;
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

    private void configure(ChannelPipeline p, ClientConnection connection) {
        if (config.idleTimeoutMillis() > 0) {
            // observeOutput: a client slowly taking a large backlog is being written to, so it is not idle
            p.addLast(new IdleStateHandler(true, 0, 0, config.idleTimeoutMillis(), TimeUnit.MILLISECONDS));
        }
        p.addLast(config.netstringFormat()
                ? new NetstringDecoder(config.maxFrameSize())
                : new LineBasedFrameDecoder(config.maxFrameSize(), true, true));
        p.addLast(new ClientHandler(core, connection));
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, closes every client (their closed events are delivered), stops the threads. */
    void close() {
        // After this the accept thread is done with any connection it was handing over: all are attached.
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
        return String.valueOf(serverChannel.localAddress());
    }
}
