package io.evapi.proxy.modules.virtual;

import io.evapi.proxy.spi.event.DeliveryListener;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventSocket;
import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.InvalidSocketException;
import io.evapi.proxy.spi.event.RaisedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * event_virtual's {@code virtual:} transport: a subscriber made of other transports' sockets, parsed through the
 * event interface ({@link EventInterface#socket}) when subscribing. A raise never blocks: each sub-socket's
 * transport queues the event and reports its outcome to a {@link DeliveryListener} (OpenSIPS's async status), on
 * whatever thread it knows it; FAILOVER moves to the next sub-socket from there.
 */
final class VirtualTransport implements EventTransport<VirtualSocket> {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualTransport.class);

    private final EventInterface evi;
    private final long failoverTimeoutNanos;
    private final int queueSize;
    final Set<VirtualSocket> live = ConcurrentHashMap.newKeySet();
    private final LogLimit dropLog = new LogLimit();
    private final LogLimit failLog = new LogLimit();

    VirtualTransport(EventInterface evi, int failoverTimeoutSeconds, int queueSize) {
        this.evi = evi;
        this.failoverTimeoutNanos = TimeUnit.SECONDS.toNanos(failoverTimeoutSeconds);
        this.queueSize = queueSize;
    }

    @Override
    public String proto() {
        return "virtual";
    }

    /** {@code POLICY sock1 [sock2 ...]}, separated by spaces or tabs; every sub-socket must parse now. */
    @Override
    public VirtualSocket parse(String address) throws InvalidSocketException {
        String[] tokens = address.strip().split("[ \t]+");
        Policy policy = tokens[0].isEmpty() ? null : Policy.of(tokens[0]);
        if (policy == null) {
            throw new InvalidSocketException("expected virtual:PARALLEL|FAILOVER|ROUND-ROBIN followed by sockets"
                    + " separated by spaces, such as virtual:FAILOVER tcp:127.0.0.1:8899 udp:127.0.0.1:8888, found"
                    + " 'virtual:" + address + "'");
        }
        if (tokens.length < 2) {
            throw new InvalidSocketException("virtual:" + policy.text + " needs at least one socket after the policy");
        }
        List<SubSocket> subs = new ArrayList<>();
        for (int i = 1; i < tokens.length; i++) {
            try {
                subs.add(new SubSocket(tokens[i], evi.socket(tokens[i])));
            } catch (InvalidSocketException e) {
                subs.forEach(s -> s.socket.release());
                throw new InvalidSocketException("socket " + i + " of virtual:" + policy.text + ", '" + tokens[i]
                        + "': " + e.getMessage());
            }
        }
        VirtualSocket v = new VirtualSocket(policy, subs);
        live.add(v);
        return v;
    }

    /**
     * As OpenSIPS: the same policy and as many sockets, written the same; in order for FAILOVER and ROUND-ROBIN,
     * in any order for PARALLEL.
     */
    @Override
    public boolean matches(VirtualSocket a, VirtualSocket b) {
        if (a.policy != b.policy || a.subs.size() != b.subs.size()) {
            return false;
        }
        for (int i = 0; i < a.subs.size(); i++) {
            String text = a.subs.get(i).text;
            if (a.policy == Policy.PARALLEL) {
                if (b.subs.stream().noneMatch(s -> s.text.equals(text))) {
                    return false;
                }
            } else if (!text.equals(b.subs.get(i).text)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String print(VirtualSocket socket) {
        return socket.printed;
    }

    @Override
    public void release(VirtualSocket socket) {
        socket.released = true;
        live.remove(socket);
        for (SubSocket s : socket.subs) {
            s.socket.release();
        }
    }

    @Override
    public int raise(RaisedEvent event, VirtualSocket socket) {
        return raise(event, socket, DeliveryListener.NONE);
    }

    @Override
    public int raise(RaisedEvent event, VirtualSocket v, DeliveryListener listener) {
        if (v.inFlight.incrementAndGet() > queueSize) {
            v.inFlight.decrementAndGet();
            v.dropped.increment();
            if (dropLog.allowSampled()) {
                LOG.warn("event_virtual: {} has {} events waiting for their sub-sockets, event dropped; {} dropped so"
                        + " far (modparam event_virtual queue_size)", v, queueSize, v.dropped.sum());
            }
            listener.completed(false, "queue full");
            return -1;
        }
        v.raised.increment();
        Outcome outcome = new Outcome(v, event, listener);
        return switch (v.policy) {
            case PARALLEL -> parallel(v, event, outcome);
            case FAILOVER -> outcome.startFailover();
            case ROUND_ROBIN -> roundRobin(v, event, outcome);
        };
    }

    /** Every sub-socket; -1 when one refused at once (OpenSIPS stops there; here the others still get it). */
    private static int parallel(VirtualSocket v, RaisedEvent event, Outcome outcome) {
        AtomicInteger left = new AtomicInteger(v.subs.size());
        AtomicBoolean all = new AtomicBoolean(true);
        int rc = 0;
        for (SubSocket s : v.subs) {
            s.tries.increment();
            int r = s.socket.raise(event, (ok, why) -> {
                if (!ok) {
                    s.failed();
                    all.set(false);
                    outcome.why = s.text + ": " + why;
                }
                if (left.decrementAndGet() == 0) {
                    outcome.finish(all.get(), outcome.why);
                }
            });
            if (r < 0) {
                rc = -1;
            }
        }
        return rc;
    }

    /** The next sub-socket in turn, whatever became of the previous event (OpenSIPS stays on one that refused). */
    private static int roundRobin(VirtualSocket v, RaisedEvent event, Outcome outcome) {
        SubSocket s = v.subs.get(Math.floorMod(v.next.getAndIncrement(), v.subs.size()));
        s.tries.increment();
        return s.socket.raise(event, (ok, why) -> {
            if (!ok) {
                s.failed();
            } else {
                s.lastFailedNanos = 0;
            }
            outcome.finish(ok, ok ? null : s.text + ": " + why);
        });
    }

    /** What becomes of one event of one virtual subscriber; reported once. */
    private final class Outcome {
        private final VirtualSocket v;
        private final RaisedEvent event;
        private final DeliveryListener listener;
        /** 0 while undecided, then 1 delivered or 2 failed. */
        private final AtomicInteger result = new AtomicInteger();
        volatile String why;

        Outcome(VirtualSocket v, RaisedEvent event, DeliveryListener listener) {
            this.v = v;
            this.event = event;
            this.listener = listener;
        }

        /** The raising thread while the first FAILOVER step runs on it. */
        private volatile Thread starter;
        private volatile boolean failedOnStarter;

        /**
         * The first FAILOVER step, from the raise: -1 when every sub-socket refused on this thread, at once (queues
         * full, all resting); 0 when one took the event, whatever its status says later, on its own thread.
         */
        int startFailover() {
            starter = Thread.currentThread();
            try {
                failover(0);
            } finally {
                starter = null;
            }
            return failedOnStarter ? -1 : 0;
        }

        /**
         * Tries the sub-sockets from {@code from} in order, skipping those that failed within failover_timeout;
         * the first one's status decides: delivered ends it, failed marks that socket and goes on to the next
         * (on the thread that reported the status).
         */
        void failover(int from) {
            long now = System.nanoTime();
            for (int i = from; i < v.subs.size() && !v.released; i++) {
                SubSocket s = v.subs.get(i);
                if (s.resting(now, failoverTimeoutNanos)) {
                    s.skipped.increment();
                    continue;
                }
                int index = i;
                s.tries.increment();
                s.socket.raise(event, (ok, reason) -> {
                    if (ok) {
                        s.lastFailedNanos = 0;
                        finish(true, null);
                    } else {
                        s.failed();
                        why = s.text + ": " + reason;
                        failover(index + 1);
                    }
                });
                return;
            }
            finish(false, why == null ? "every socket rests after a failure (failover_timeout)" : why);
        }

        void finish(boolean ok, String reason) {
            if (!result.compareAndSet(0, ok ? 1 : 2)) {
                return;
            }
            if (!ok && Thread.currentThread() == starter) {
                failedOnStarter = true;
            }
            v.inFlight.decrementAndGet();
            if (ok) {
                v.delivered.increment();
            } else {
                v.failed.increment();
                v.lastError = reason;
                if (failLog.allowSampled()) {
                    LOG.warn("event_virtual: {} not delivered to {} ({}); {} so far", event.name(), v, reason,
                            v.failed.sum());
                }
            }
            try {
                listener.completed(ok, reason);
            } catch (RuntimeException e) {
                LOG.error("event_virtual: a delivery listener failed", e);
            }
        }
    }
}
