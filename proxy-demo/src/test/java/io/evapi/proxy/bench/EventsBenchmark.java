package io.evapi.proxy.bench;

import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.PublishedEvent;
import io.evapi.sip.testkit.SipSamples;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Events Interface figures (not a test): (1) raise-to-datagram throughput to one UDP subscriber that keeps up:
 * the highest rate tried at which the receiver got every event, and flat out; (2) the added cost of
 * {@code raise_event} on a SIP request: request_route runs on a parsed INVITE with and without a raise to one
 * subscriber (attrs and vals AVPs, two params).
 */
public final class EventsBenchmark {
    private static final String CONFIG = """
            debug=0
            loadmodule "event_datagram.so"
            modparam("event_datagram", "queue_size", 1000000)
            route[PUBLISH] { raise_event("E_BENCH"); }
            request_route {
                $avp(n) = "ci";
                $avp(n) = "from";
                $avp(v) = $ci;
                $avp(v) = $fU;
                @RAISE@
            }
            """;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf("Events Interface benchmark, %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        throughput(seconds);
        latency();
        System.exit(0);
    }

    private static void throughput(int seconds) throws Exception {
        CompiledConfig config = ProxyHost.load(CONFIG.replace("@RAISE@", ""), "bench.cfg");
        config.start();
        try (DatagramChannel rx = DatagramChannel.open()) {
            rx.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024 * 1024);
            rx.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) rx.getLocalAddress()).getPort();
            AtomicLong received = new AtomicLong();
            AtomicLong lastAt = new AtomicLong();
            LAST_AT = lastAt;
            Thread receiver = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(65536);
                try {
                    while (true) {
                        buf.clear();
                        rx.receive(buf);
                        received.incrementAndGet();
                        lastAt.lazySet(System.nanoTime());
                    }
                } catch (Exception closed) {
                    // done
                }
            }, "receiver");
            receiver.setDaemon(true);
            receiver.start();
            EventInterface evi = config.service(EventInterface.class).orElseThrow();
            PublishedEvent e = evi.find("E_BENCH").orElseThrow();
            evi.subscribe("E_BENCH", "udp:127.0.0.1:" + port, 0, false);
            System.out.printf("receiver SO_RCVBUF %d bytes; payload %d bytes%n",
                    rx.getOption(StandardSocketOptions.SO_RCVBUF), new io.evapi.proxy.spi.event.RaisedEvent(e,
                            params(0)).jsonRpcBytes().length);
            run(evi, e, received, 0, 1); // warm-up
            long best = 0;
            for (int rate : new int[] {100_000, 200_000, 300_000, 400_000, 500_000}) {
                long[] r = run(evi, e, received, rate, seconds);
                System.out.printf("paced %,7d/s: raised %,d, received %,d, lost %,d -> %,.0f events/s delivered%n", rate, r[0],
                        r[1], r[0] - r[1], r[2] / 1.0);
                if (r[0] == r[1]) {
                    best = Math.max(best, r[2]);
                }
            }
            long[] flat = run(evi, e, received, 0, seconds);
            System.out.printf("flat out      : raised %,d (never blocked; what the sender's queue could not hold was"
                    + " dropped and counted), received %,d -> %,.0f events/s delivered%n", flat[0], flat[1], flat[2] / 1.0);
            System.out.printf("THROUGHPUT: %,d events/s raise-to-datagram with nothing lost at the receiver%n", best);
        } finally {
            config.stop();
        }
    }

    private static AtomicLong LAST_AT;

    /** Waits until nothing has arrived for 300 ms: the previous run is over, to the last datagram. */
    private static void quiesce(AtomicLong received) throws InterruptedException {
        long last;
        do {
            last = received.get();
            Thread.sleep(300);
        } while (received.get() != last);
    }

    private static List<EventParam> params(long i) {
        return List.of(EventParam.of("from", "alice"), EventParam.of("n", i));
    }

    /** Raises for {@code seconds} at {@code rate}/s (0: flat out); returns raised, received, received/s. */
    private static long[] run(EventInterface evi, PublishedEvent e, AtomicLong received, int rate, int seconds)
            throws InterruptedException {
        quiesce(received);
        long before = received.get();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long raised = 0;
        long interval = rate == 0 ? 0 : 1_000_000_000L / rate;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (rate != 0) {
                long due = start + raised * interval;
                if (due > now + 50_000) {
                    LockSupport.parkNanos(due - now);
                }
            }
            evi.raise(e, params(raised));
            raised++;
        }
        long target = before + raised;
        long deadline = System.nanoTime() + 3_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline && received.get() < target) {
            long now = received.get();
            if (now == last) {
                Thread.sleep(200); // nothing arrived in the last 200 ms: what is missing was lost
                if (received.get() == now) {
                    break;
                }
            }
            last = now;
            Thread.sleep(20);
        }
        long got = received.get() - before;
        double secs = (LAST_AT.get() - start) / 1e9; // from the first raise to the last datagram received
        return new long[] {raised, got, (long) (got / secs)};
    }

    private static void latency() throws Exception {
        CompiledConfig without = ProxyHost.load(CONFIG.replace("@RAISE@", ""), "without.cfg");
        CompiledConfig with = ProxyHost.load(CONFIG.replace("@RAISE@", "raise_event(\"E_BENCH\", $avp(n), $avp(v));"),
                "with.cfg");
        with.start();
        try (DatagramChannel rx = DatagramChannel.open()) {
            rx.bind(new InetSocketAddress("127.0.0.1", 0));
            with.service(EventInterface.class).orElseThrow().subscribe("E_BENCH", "udp:127.0.0.1:"
                    + ((InetSocketAddress) rx.getLocalAddress()).getPort(), 0, false);
            var msg = SipSamples.invite();
            int n = 200_000;
            double a = Double.MAX_VALUE;
            double b = Double.MAX_VALUE;
            for (int round = 0; round < 8; round++) { // interleaved; the best round of each, once the JIT settled
                a = Math.min(a, perRun(without, msg, n));
                b = Math.min(b, perRun(with, msg, n));
                Thread.sleep(100); // let the sender drain
            }
            System.out.printf("request_route on an INVITE (4 AVP assignments): %,.0f ns without raise_event, %,.0f ns"
                    + " with (one subscriber, 2 params)%n", a, b);
            System.out.printf("LATENCY: raise_event adds %,.0f ns (%.2f us) to a SIP request's route run%n", b - a,
                    (b - a) / 1000);
        } finally {
            with.stop();
        }
    }

    private static double perRun(CompiledConfig config, io.evapi.proxy.spi.sip.SipMessage msg, int n) {
        for (int i = 0; i < n / 4; i++) {
            config.runRequestRoute(msg);
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            config.runRequestRoute(msg);
        }
        return (System.nanoTime() - start) / (double) n;
    }
}
