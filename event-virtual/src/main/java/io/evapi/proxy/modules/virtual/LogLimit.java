package io.evapi.proxy.modules.virtual;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Lets one kind of log line through at most once every 10 seconds (the first one at once). */
final class LogLimit {
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final AtomicLong last = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
    private final AtomicLong calls = new AtomicLong();

    /**
     * As {@link #allow()}, reading the clock only on the first call and every 16th after: for a path that runs on
     * every raise (a full queue's drops), where the clock would be most of the cost.
     */
    boolean allowSampled() {
        return (calls.getAndIncrement() & 15) == 0 && allow();
    }

    boolean allow() {
        long now = System.nanoTime();
        long prev = last.get();
        return now - prev >= INTERVAL_NANOS && last.compareAndSet(prev, now);
    }
}
