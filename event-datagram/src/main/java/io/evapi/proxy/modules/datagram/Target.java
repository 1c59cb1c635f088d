package io.evapi.proxy.modules.datagram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One datagram subscriber's socket: where to send, and its counters (sent, failed sends, events dropped because
 * the sender's queue was full). The sender thread alone writes to it.
 */
abstract class Target {
    final String proto;
    final String printed;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    volatile String lastError;
    volatile boolean released;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime());

    /** True at most once per interval, for logging this subscriber's failures. */
    boolean shouldLog(long intervalNanos) {
        long now = System.nanoTime();
        long last = lastLog.get();
        return now - last >= intervalNanos && lastLog.compareAndSet(last, now);
    }

    Target(String proto, String printed) {
        this.proto = proto;
        this.printed = printed;
    }

    /** Sends one datagram; throws on a failure of this subscriber (a refused port, a missing unix socket). */
    abstract void send(ByteBuffer payload) throws IOException;

    /** Whether both name the same subscriber. */
    abstract boolean sameAs(Target other);

    abstract void close();

    @Override
    public String toString() {
        return proto + ":" + printed;
    }
}
