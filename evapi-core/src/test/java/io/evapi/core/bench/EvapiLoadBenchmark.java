package io.evapi.core.bench;

import io.evapi.core.netstring.NetstringDecoder;
import io.evapi.core.server.DropReason;
import io.evapi.core.server.EvapiMetrics;
import io.evapi.core.server.EvapiServer;
import io.evapi.core.server.EvapiServerConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Loopback load run: 2 producer threads relay 200-byte events for a fixed time to N counting clients, and
 * the run prints events/s delivered (whole frames received and decoded by the clients) and drops.
 * Usage: {@code EvapiLoadBenchmark [seconds] [clients...]}.
 */
public final class EvapiLoadBenchmark {
    private static final String PAYLOAD = "x".repeat(200);

    private EvapiLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] clientCounts = args.length > 1
                ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 10};
        System.out.printf("evapi load run: %d s per case after 2 s warm-up, 200-byte payloads, 2 producers, %d cores%n",
                seconds, Runtime.getRuntime().availableProcessors());
        for (int clients : clientCounts) {
            run(clients, 2, true);
            run(clients, seconds, false);
        }
    }

    private static void run(int clients, int seconds, boolean warmUp) throws Exception {
        EvapiServerConfig config = EvapiServerConfig.defaults().withBindAddr("127.0.0.1:0").withMaxClients(64);
        LongAdder received = new LongAdder();
        EventLoopGroup clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (EvapiServer server = EvapiServer.start(config)) {
            List<Channel> channels = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                channels.add(connect(clientLoop, server, received));
            }
            while (server.connections().size() < clients) {
                Thread.onSpinWait();
            }
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            Thread[] producers = new Thread[2];
            for (int p = 0; p < producers.length; p++) {
                producers[p] = new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        server.relay(PAYLOAD);
                    }
                });
            }
            long start = System.nanoTime();
            for (Thread t : producers) {
                t.start();
            }
            for (Thread t : producers) {
                t.join();
            }
            long produced = server.metrics().eventsRelayed();
            // let queued frames arrive, then count what the clients decoded
            long settle = System.nanoTime() + 3_000_000_000L;
            while (received.sum() < server.metrics().deliveriesQueued() && System.nanoTime() < settle) {
                Thread.sleep(10);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            EvapiMetrics m = server.metrics();
            if (!warmUp) {
                System.out.printf("%2d client(s): relayed %,d events, delivered %,d frames = %,.0f deliveries/s"
                                + " (%,.0f events/s per client); dropped slow=%,d; elapsed %.1f s%n",
                        clients, produced, received.sum(), received.sum() / elapsed,
                        received.sum() / elapsed / clients, m.dropped(DropReason.SLOW_CLIENT), elapsed);
            }
            for (Channel ch : channels) {
                ch.close().sync();
            }
        } finally {
            clientLoop.shutdownGracefully().sync();
        }
    }

    private static Channel connect(EventLoopGroup loop, EvapiServer server, LongAdder received)
            throws InterruptedException {
        return new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new NetstringDecoder(1024 * 1024));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                received.increment();
                            }
                        });
                    }
                })
                .connect(server.localAddress()).sync().channel();
    }
}
