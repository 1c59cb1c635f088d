package io.evapi.proxy.modules.virtual;

import io.evapi.proxy.spi.event.EventSocket;
import java.util.concurrent.atomic.LongAdder;

/** One socket of a virtual socket: as written, as its transport parsed it, when it last failed, its counters. */
final class SubSocket {
    final String text;
    final EventSocket socket;
    /** {@link System#nanoTime()} of the last failure, or 0 when it has not failed since its last success. */
    volatile long lastFailedNanos;
    final LongAdder tries = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder skipped = new LongAdder();

    SubSocket(String text, EventSocket socket) {
        this.text = text;
        this.socket = socket;
    }

    /** OpenSIPS: skipped while {@code now - last_failed <= failover_timeout}. */
    boolean resting(long now, long timeoutNanos) {
        long failed = lastFailedNanos;
        return failed != 0 && now - failed <= timeoutNanos;
    }

    void failed() {
        failures.increment();
        long now = System.nanoTime();
        lastFailedNanos = now == 0 ? 1 : now;
    }

    @Override
    public String toString() {
        return text;
    }
}
