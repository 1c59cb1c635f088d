package io.evapi.core.bench.load;

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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Loopback load run: a server on 127.0.0.1:0, N Netty clients decoding and counting every frame, and 2
 * producer threads relaying 200-byte events. Each client count runs twice:
 * <ul>
 *   <li>flat out: the producers relay as fast as they can; they outrun the clients (all on the same cores),
 *       so the bounded queues fill and the excess is dropped, counted and printed;</li>
 *   <li>paced: the producers hold the target rate (500 k events/s for 1 client, 1 M deliveries/s for 10, or
 *       {@code 1 M / N} events/s otherwise), then twice that; there the drops show whether the server keeps
 *       up. On a small shared box the paced figures say more than the flat-out ones, where the spinning
 *       producers take the CPU the I/O threads need.</li>
 * </ul>
 * The figure printed is frames received and decoded by the clients per second of the sending window.
 * Usage: {@code EvapiLoadBenchmark [seconds] [clients...]} (defaults: 5 s, 1 and 10 clients).
 */
public final class EvapiLoadBenchmark {
    private static final String PAYLOAD = "x".repeat(200);
    private static final int PRODUCERS = 2;
    private static final int PACE_BATCH = 64;

    private EvapiLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] clientCounts = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 10};
        System.out.printf("evapi load run: %d s per case, 200-byte payloads, %d producer threads, %d cores, %s%n",
                seconds, PRODUCERS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("load average before: " + loadAverage());
        run(10, 3, 0, false); // warm-up: JIT, pooled buffers
        for (int clients : clientCounts) {
            run(clients, seconds, 0, true);
            run(clients, seconds, targetEventsPerSecond(clients), true);
            run(clients, seconds, 2 * targetEventsPerSecond(clients), true); // headroom over the target
        }
        System.out.println("load average after: " + loadAverage() + " (the box is shared: other load skews figures)");
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static long targetEventsPerSecond(int clients) {
        return clients == 1 ? 500_000 : 1_000_000 / clients;
    }

    private static void run(int clients, int seconds, long eventsPerSecond, boolean print) throws Exception {
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
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < producers.length; p++) {
                producers[p] = new Thread(() -> produce(server, start, end, eventsPerSecond / PRODUCERS),
                        "producer-" + p);
                producers[p].start();
            }
            for (Thread t : producers) {
                t.join();
            }
            long inWindow = received.sum();
            double window = (System.nanoTime() - start) / 1e9;
            // let queued frames arrive, so the totals below add up
            long settle = System.nanoTime() + 5_000_000_000L;
            while (received.sum() < server.metrics().deliveriesQueued() && System.nanoTime() < settle) {
                Thread.sleep(10);
            }
            EvapiMetrics m = server.metrics();
            if (print) {
                System.out.printf("%2d client(s), %-22s relayed %,11d events (%,10.0f/s); delivered %,10.0f frames/s"
                                + " (%,9.0f per client); dropped slow %,d of %,d; all queued frames arrived: %s%n",
                        clients, eventsPerSecond == 0 ? "flat out:" : "paced " + eventsPerSecond / 1000 + "k ev/s:",
                        m.eventsRelayed(), m.eventsRelayed() / window, inWindow / window, inWindow / window / clients,
                        m.dropped(DropReason.SLOW_CLIENT), m.eventsRelayed() * clients,
                        received.sum() == m.deliveriesQueued());
            }
            for (Channel ch : channels) {
                ch.close().sync();
            }
        } finally {
            clientLoop.shutdownGracefully().sync();
        }
    }

    /** Relays until {@code end}; with a rate, in small batches on a schedule, catching up after a stall. */
    private static void produce(EvapiServer server, long start, long end, long perSecond) {
        if (perSecond <= 0) {
            while (System.nanoTime() < end) {
                server.relay(PAYLOAD);
            }
            return;
        }
        long sent = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            long due = (now - start) * perSecond / 1_000_000_000L;
            if (sent >= due) {
                LockSupport.parkNanos(PACE_BATCH * 1_000_000_000L / perSecond);
                continue;
            }
            for (int i = 0; i < PACE_BATCH && sent < due; i++, sent++) {
                server.relay(PAYLOAD);
            }
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
