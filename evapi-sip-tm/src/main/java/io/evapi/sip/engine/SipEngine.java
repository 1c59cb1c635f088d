package io.evapi.sip.engine;

import io.evapi.sip.engine.stack.SipStackBinding;
import io.evapi.sip.engine.transaction.ProxyTransaction;
import io.evapi.sip.engine.warmup.PathWarmUp;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sip.SipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running SIP proxy core: one JAIN-SIP stack whose requests are routed by a {@link SipRouter}. */
public final class SipEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipEngine.class);

    private final ProxyCore core;
    private final SipStackBinding binding;
    private volatile boolean stopped;

    private SipEngine(ProxyCore core, SipStackBinding binding) {
        this.core = core;
        this.binding = binding;
    }

    /** Binds every listen point and starts routing; throws if any address cannot be bound (nothing stays open). */
    public static SipEngine start(SipEngineConfig config, SipRouter router) throws SipException {
        return start(config, router, null);
    }

    /**
     * As {@link #start(SipEngineConfig, SipRouter)}; when this is the JVM's first engine, the warm-up before the
     * sockets open also runs {@code warmUpScript} (see {@link PathWarmUp#once}): a router of the host's script
     * language, so the interpreter is compiled too, given the port it must relay INVITEs to.
     */
    public static SipEngine start(SipEngineConfig config, SipRouter router,
                                  java.util.function.IntFunction<? extends SipRouter> warmUpScript)
            throws SipException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(router, "router");
        PathWarmUp.once(config.threadPoolSize(), warmUpScript); // before any of our sockets opens
        ProxyCore core = new ProxyCore(config, router);
        SipStackBinding binding;
        try {
            binding = SipStackBinding.start(config, new Dispatcher(core));
        } catch (SipException | RuntimeException e) {
            core.close();
            throw e;
        }
        core.attach(binding);
        return new SipEngine(core, binding);
    }

    /** The addresses actually bound. */
    public List<ListenPoint> listenPoints() {
        return binding.listenPoints();
    }

    /** The first bound port of {@code transport} (udp or tcp); -1 if none. */
    public int port(String transport) {
        String t = transport.toLowerCase(Locale.ROOT);
        return binding.listenPoints().stream().filter(lp -> lp.transport().equals(t))
                .mapToInt(ListenPoint::port).findFirst().orElse(-1);
    }

    /** The live transaction with these ids (t_continue's lookup), or null. */
    public ProxyTransaction findTransaction(int index, int label) {
        return core.table.find(index, label);
    }

    /**
     * t_continue: runs {@code route} on the suspended transaction (index, label) on the calling thread, then answers
     * 500 if the route neither replied nor relayed. Returns 1 done (also when the transaction was canceled: the route
     * is not run), -1 no such live transaction, -2 not suspended any more (continued already, or timed out).
     */
    public int resume(int index, int label, java.util.function.Consumer<RequestContext> route) {
        return core.suspensions.resume(index, label, route);
    }

    /**
     * Undoes the suspension of (index, label) when nobody will resume it: the run that suspended it, still
     * on its thread, then answers it. False when it is not suspended (resumed, timed out, unknown).
     */
    public boolean releaseSuspension(int index, int label) {
        return core.suspensions.release(index, label);
    }

    /** Times the suspended transaction (index, label) out now: 408 through its failure route; false when not suspended. */
    public boolean timeOutSuspension(int index, int label) {
        return core.suspensions.expireNow(index, label);
    }

    /** Whether (index, label) is a transaction that waits for t_continue or its timer. */
    public boolean isSuspended(int index, int label) {
        return core.suspensions.isSuspended(index, label);
    }

    /** Transactions waiting for t_continue or their timer. */
    public int suspendedTransactions() {
        return core.suspensions.count();
    }

    /** Milliseconds the transaction suspended the longest ago has waited; -1 when none is suspended. */
    public long oldestSuspensionAgeMillis() {
        long nanos = core.suspensions.oldestAgeNanos();
        return nanos < 0 ? -1 : nanos / 1_000_000;
    }

    /** Counters of the UDP sockets: datagrams received, dropped because a worker queue was full, queued now. */
    public List<io.evapi.sip.engine.transport.UdpTransportStats> udpStats() {
        return binding.udpStats();
    }

    /** Transactions in the table (not yet answered finally). */
    public int liveTransactions() {
        return core.table.size();
    }

    /** Stops the stack and the timers; idempotent. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        binding.stop();
        core.close();
        LOG.info("SIP engine stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
