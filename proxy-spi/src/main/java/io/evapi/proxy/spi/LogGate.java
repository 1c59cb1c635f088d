package io.evapi.proxy.spi;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one kind of log line through at most once every 10 seconds, the first at once: for a condition that can
 * repeat at any rate while it lasts (a destination's full queue, its failed connects), where each line carries its
 * own running count. {@link LogLimiter} is the per-second budget for script-level failures. Lock-free; one
 * instance per kind of line.
 */
public final class LogGate {
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final AtomicLong last = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
    private final AtomicLong calls = new AtomicLong();

    /** Whether a line may be written now. */
    public boolean allow() {
        long now = System.nanoTime();
        long prev = last.get();
        return now - prev >= INTERVAL_NANOS && last.compareAndSet(prev, now);
    }

    /**
     * As {@link #allow()}, reading the clock only on the first call and every 16th after: for a path that runs on
     * every event (a full queue's drops), where the clock would be most of the cost.
     */
    public boolean allowSampled() {
        return (calls.getAndIncrement() & 15) == 0 && allow();
    }
}
