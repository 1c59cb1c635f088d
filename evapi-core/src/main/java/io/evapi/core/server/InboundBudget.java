package io.evapi.core.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of received messages waiting for the listeners, all connections together ({@code
 * max_inbound_total_bytes}), and the connections that stopped reading until that total comes down. A connection
 * paused for the total may have nothing queued itself, so no event of its own would ever wake it: the release
 * that brings the total down does.
 */
final class InboundBudget {
    private final long limit;
    private final AtomicLong bytes = new AtomicLong();
    private final Queue<InboundEvents> waiting = new ConcurrentLinkedQueue<>();

    InboundBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0: " + limit);
        }
        this.limit = limit;
    }

    void add(long n) {
        bytes.addAndGet(n);
    }

    /** Gives bytes back; once the total is down to half the limit, wakes the connections waiting for room. */
    void release(long n) {
        if (bytes.addAndGet(-n) <= limit / 2 && !waiting.isEmpty()) {
            InboundEvents e;
            while ((e = waiting.poll()) != null) {
                e.budgetFreed();
            }
        }
    }

    /** Over the limit: a connection receiving now stops reading. */
    boolean full() {
        return bytes.get() > limit;
    }

    /** Down to half the limit: a connection paused for the total may read again. */
    boolean roomToResume() {
        return bytes.get() <= limit / 2;
    }

    /** Wakes {@code events} at the next release that leaves room; the caller checks for room again after this. */
    void await(InboundEvents events) {
        waiting.add(events);
    }

    long bytes() {
        return bytes.get();
    }
}
