package io.evapi.sip.engine.warmup;

import io.evapi.sip.engine.ListenPoint;
import io.evapi.sip.engine.SipEngine;
import io.evapi.sip.engine.SipEngineConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends calls through a private engine on a loopback port before the first real engine of the JVM opens its
 * sockets, then lets the JIT compiler finish: the stack's parser, transport and transactions, our routing and
 * relay are compiled when traffic starts. A fresh JVM runs them interpreted and compiles them under load, where the
 * compiler took a third of the server's CPU: at half its warm capacity it fell seconds behind and lost requests
 * (INVITE calls at 1,500/s: 833 of 7,500 with the parser alone warmed, 0 with this; docs/performance.md). The
 * private engine answers only its own two sockets and is stopped before the real one starts; nothing of it is
 * visible to the script or the management interface.
 */
public final class PathWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(PathWarmUp.class);

    /** Property: milliseconds of calls through the private engine, at most; 0 for none. */
    public static final String MILLIS_PROPERTY = "io.evapi.sip.WARM_UP_MS";
    static final long DEFAULT_MILLIS = 8_000;
    /** Waiting for the compiler after the calls, at most (and never longer than half the calls' time). */
    static final long MAX_COMPILER_WAIT_MILLIS = 3_000;
    /** Calls after which the warm-up ends before its time: enough invocations for the JIT's last tier. */
    static final int MAX_CALLS = 40_000;
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private PathWarmUp() {
    }

    /** The first time in this JVM: {@link #run} for the time the property gives; never throws. */
    public static void once(int threads) {
        if (DONE.compareAndSet(false, true)) {
            run(Long.getLong(MILLIS_PROPERTY, DEFAULT_MILLIS), MAX_CALLS, threads);
        }
    }

    /** @return the calls that ended with their final reply (0 when skipped or failed: a warm-up only) */
    static long run(long millis, int maxCalls, int threads) {
        if (millis <= 0) {
            return 0;
        }
        DONE.set(true); // the private engine must not warm itself up again
        try (WarmUpCallee callee = new WarmUpCallee(); WarmUpRouter router = new WarmUpRouter(callee.port())) {
            SipEngine engine = startPrivate(router, threads);
            router.attach(engine);
            long start = System.nanoTime();
            try (WarmUpCaller caller = new WarmUpCaller(engine.port("udp"))) {
                long calls = caller.run(start + millis * 1_000_000, maxCalls);
                long ran = System.nanoTime();
                long compiling = JitQuiet.await(Math.min(MAX_COMPILER_WAIT_MILLIS, millis / 2));
                LOG.info("SIP warm-up: {} calls through a private engine in {} ms, then {} ms for the compiler"
                        + " ({} ms of compilation)", calls, (ran - start) / 1_000_000,
                        (System.nanoTime() - ran) / 1_000_000, compiling);
                return calls;
            } finally {
                engine.stop();
            }
        } catch (Exception e) {
            LOG.warn("SIP warm-up skipped: {}", e.toString());
            return 0;
        }
    }

    private static SipEngine startPrivate(WarmUpRouter router, int threads) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            try {
                return SipEngine.start(new SipEngineConfig(List.of(ListenPoint.udp("127.0.0.1", port)), threads,
                        2_000, 2_000, SipEngineConfig.DEFAULT_MAX_TRANSACTIONS,
                        Math.max(SipEngineConfig.DEFAULT_UDP_QUEUE_CAPACITY, threads)), router);
            } catch (Exception e) {
                last = e; // the port was taken between the probe and the bind: another one
            }
        }
        throw last;
    }
}
