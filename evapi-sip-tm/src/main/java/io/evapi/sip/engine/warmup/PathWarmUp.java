package io.evapi.sip.engine.warmup;

import io.evapi.sip.engine.ListenPoint;
import io.evapi.sip.engine.SipEngine;
import io.evapi.sip.engine.SipEngineConfig;
import io.evapi.sip.engine.SipRouter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends calls through a private engine on a loopback port before the first real engine of the JVM opens its
 * sockets, until the JIT compiler has caught up with them: the stack's parser, transport and transactions, our
 * routing and relay, and (in the second phase, when the host gives one) its script interpreter are then compiled
 * when traffic starts. A fresh JVM runs that code interpreted or at C1's profiling tier and compiles it under load,
 * where the C2 compiler took a core for several seconds: at half its warm capacity the server fell seconds behind
 * and lost requests. The compiler raises its thresholds while its queue is long, so methods keep getting hot for as
 * long as calls go on; the warm-up ends when a second of calls left the compiler next to idle, or at the property's
 * limit. The private engine answers only its own two sockets and is stopped before the real one starts; nothing of
 * it reaches the script, the sockets or the management interface of the real one.
 */
public final class PathWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(PathWarmUp.class);

    /** Property: milliseconds of calls through the private engine at most (fewer once compiled); 0 for none. */
    public static final String MILLIS_PROPERTY = "io.evapi.sip.WARM_UP_MS";
    static final long DEFAULT_MILLIS = 15_000;
    /** Waiting for the compiler after the calls, at most (and never longer than half the calls' time). */
    static final long MAX_COMPILER_WAIT_MILLIS = 1_000;
    /** Workers of the private engine: see {@link WarmUpCaller#WINDOW}. */
    private static final int PRIVATE_WORKERS = 2;
    private static final long SLICE_MILLIS = 500;
    /** A slice is quiet when the compiler spent less than this share of it compiling. */
    private static final long QUIET_PERCENT = 5;
    /** Each phase calls at least this long before it may end on a quiet compiler. */
    private static final long MIN_PHASE_MILLIS = 1_500;
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private PathWarmUp() {
    }

    /**
     * The first time in this JVM: {@link #run} for the time the property gives; never throws.
     *
     * @param script the host's routing script for the calls after the first 40% of the time (or after the engine's
     *               own routes are compiled), given the callee's port (it must relay INVITEs there; closed afterwards
     *               when {@link AutoCloseable}); null: the engine's own routes throughout
     */
    public static void once(int threads, IntFunction<? extends SipRouter> script) {
        if (DONE.compareAndSet(false, true)) {
            run(Long.getLong(MILLIS_PROPERTY, DEFAULT_MILLIS), Integer.MAX_VALUE, threads, script);
        }
    }

    /**
     * One warm-up now, whether or not one ran before (hosts test their warm-up script with it).
     *
     * @return the calls that ended with their final reply (0 when skipped or failed: a warm-up only)
     */
    public static long run(long millis, int maxCalls, int threads, IntFunction<? extends SipRouter> script) {
        if (millis <= 0) {
            return 0;
        }
        DONE.set(true); // the private engine must not warm itself up again
        try (WarmUpCallee callee = new WarmUpCallee(); WarmUpRouter own = new WarmUpRouter(callee.port())) {
            PhasedRouter router = new PhasedRouter(own);
            SipEngine engine = startPrivate(router, Math.min(threads, PRIVATE_WORKERS));
            own.attach(engine);
            LOG.info("SIP warm-up: calls through a private engine on 127.0.0.1:{} before the SIP sockets open, for at"
                    + " most {} ms (-D{}=0 skips it)", engine.port("udp"), millis, MILLIS_PROPERTY);
            long start = System.nanoTime();
            long end = start + millis * 1_000_000;
            try (WarmUpCaller caller = new WarmUpCaller(engine.port("udp"))) {
                long calls;
                SipRouter host = script == null ? null : hostScript(script, callee.port());
                if (host == null) {
                    calls = untilCompiled(caller, end, maxCalls);
                } else {
                    try {
                        calls = untilCompiled(caller, start + (end - start) * 2 / 5, maxCalls / 2);
                        router.use(host);
                        calls += untilCompiled(caller, end, maxCalls - maxCalls / 2);
                    } finally {
                        if (host instanceof AutoCloseable closeable) {
                            closeable.close();
                        }
                    }
                }
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

    /**
     * Calls in slices until the compiler has had next to nothing left to compile for two slices running (it
     * compiles a method only once its calls pass a threshold, raised while its queue is long, so it keeps
     * compiling for as long as the calls go on and new code gets hot), the deadline, or {@code maxCalls}.
     */
    private static long untilCompiled(WarmUpCaller caller, long deadline, int maxCalls) throws Exception {
        long calls = 0;
        long first = System.nanoTime();
        int quiet = 0;
        while (calls < maxCalls && quiet < 2 && System.nanoTime() < deadline) {
            long before = JitQuiet.compiledMillis();
            long sliceStart = System.nanoTime();
            long sliceEnd = Math.min(deadline, sliceStart + SLICE_MILLIS * 1_000_000);
            calls += caller.run(sliceEnd, (int) Math.min(Integer.MAX_VALUE, maxCalls - calls));
            long compiled = JitQuiet.compiledMillis() - before;
            long sliceMillis = (System.nanoTime() - sliceStart) / 1_000_000;
            boolean settled = before >= 0 && compiled * 100 < sliceMillis * QUIET_PERCENT;
            quiet = settled && System.nanoTime() - first > MIN_PHASE_MILLIS * 1_000_000 ? quiet + 1 : 0;
        }
        return calls;
    }

    private static SipRouter hostScript(IntFunction<? extends SipRouter> script, int calleePort) {
        try {
            return script.apply(calleePort);
        } catch (RuntimeException e) {
            LOG.warn("SIP warm-up: the host's script could not start ({}); the engine's own routes only", e.toString());
            return null;
        }
    }

    private static SipEngine startPrivate(SipRouter router, int threads) throws Exception {
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
