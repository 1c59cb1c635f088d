package io.evapi.proxy.spi;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on how often a script-level failure is logged, so a flood of bad input (a broken application sending
 * non-JSON to every call, a header every request carries wrongly) cannot fill the disk: at most {@code perSecond}
 * messages each second, the others counted and reported with the next one let through. Lock-free; share one
 * instance per kind of message.
 */
public final class LogLimiter {
    private final int perSecond;
    private final AtomicLong window = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public LogLimiter(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be positive, found " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /**
     * Whether a message may be logged now.
     *
     * @return -1 when it may not (it is counted); else how many messages were held back since the last one let
     *         through (0 usually), for the caller to mention
     */
    public long permit() {
        long second = System.nanoTime() / 1_000_000_000L;
        long current = window.get();
        if (current != second && window.compareAndSet(current, second)) {
            used.set(0);
        }
        if (used.incrementAndGet() > perSecond) {
            suppressed.incrementAndGet();
            return -1;
        }
        return suppressed.getAndSet(0);
    }

    /** A suffix for a message let through after others were held back: {@code ""} or {@code " (N similar ...)"}. */
    public static String suppressedNote(long held) {
        return held <= 0 ? "" : " (" + held + " similar message(s) not logged)";
    }
}
