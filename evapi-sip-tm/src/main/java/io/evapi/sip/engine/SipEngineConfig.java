package io.evapi.sip.engine;

import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link SipEngine}.
 *
 * @param listenPoints     where to listen (at least one; defaults to udp and tcp on 127.0.0.1:5060)
 * @param threadPoolSize   JAIN-SIP request threads (the script runs on them)
 * @param frTimerMillis    Kamailio fr_timer: wait for a final reply (or, for INVITE, a first provisional)
 * @param frInvTimerMillis Kamailio fr_inv_timer: wait for a final reply to an INVITE after a provisional
 * @param maxTransactions  admission limit of the transaction table; beyond it new transactions get 503
 * @param udpQueueCapacity received UDP datagrams waiting for a request thread, at most (all threads together);
 *                         beyond it a datagram is dropped and counted ({@link SipEngine#udpStats()})
 */
public record SipEngineConfig(List<ListenPoint> listenPoints, int threadPoolSize, long frTimerMillis,
                              long frInvTimerMillis, int maxTransactions, int udpQueueCapacity) {

    public static final int DEFAULT_THREAD_POOL_SIZE = 16;
    public static final long DEFAULT_FR_TIMER_MILLIS = 30_000;
    public static final long DEFAULT_FR_INV_TIMER_MILLIS = 120_000;
    public static final int DEFAULT_MAX_TRANSACTIONS = 65_536;
    public static final int DEFAULT_UDP_QUEUE_CAPACITY = 16_384;

    public SipEngineConfig {
        Objects.requireNonNull(listenPoints, "listenPoints");
        listenPoints = List.copyOf(listenPoints);
        if (listenPoints.isEmpty()) {
            throw new IllegalArgumentException("at least one listen point is needed");
        }
        if (threadPoolSize < 1 || threadPoolSize > 1024) {
            throw new IllegalArgumentException("threadPoolSize must be 1-1024, got " + threadPoolSize);
        }
        if (frTimerMillis < 1) {
            throw new IllegalArgumentException("frTimerMillis must be positive, got " + frTimerMillis);
        }
        if (frInvTimerMillis < 1) {
            throw new IllegalArgumentException("frInvTimerMillis must be positive, got " + frInvTimerMillis);
        }
        if (maxTransactions < 1) {
            throw new IllegalArgumentException("maxTransactions must be positive, got " + maxTransactions);
        }
        if (udpQueueCapacity < threadPoolSize) {
            throw new IllegalArgumentException("udpQueueCapacity must be at least threadPoolSize, got "
                    + udpQueueCapacity);
        }
    }

    /** With the default UDP queue capacity. */
    public SipEngineConfig(List<ListenPoint> listenPoints, int threadPoolSize, long frTimerMillis,
                           long frInvTimerMillis, int maxTransactions) {
        this(listenPoints, threadPoolSize, frTimerMillis, frInvTimerMillis, maxTransactions,
                Math.max(DEFAULT_UDP_QUEUE_CAPACITY, threadPoolSize));
    }

    /** udp and tcp on 127.0.0.1:5060 with the default pool and timers. */
    public static SipEngineConfig defaults() {
        return onLoopback(5060);
    }

    /** udp and tcp on 127.0.0.1:{@code port} with the default pool and timers. */
    public static SipEngineConfig onLoopback(int port) {
        return new SipEngineConfig(List.of(ListenPoint.udp("127.0.0.1", port), ListenPoint.tcp("127.0.0.1", port)),
                DEFAULT_THREAD_POOL_SIZE, DEFAULT_FR_TIMER_MILLIS, DEFAULT_FR_INV_TIMER_MILLIS,
                DEFAULT_MAX_TRANSACTIONS);
    }

    public SipEngineConfig withTimers(long frMillis, long frInvMillis) {
        return new SipEngineConfig(listenPoints, threadPoolSize, frMillis, frInvMillis, maxTransactions,
                udpQueueCapacity);
    }

    public SipEngineConfig withThreadPoolSize(int size) {
        return new SipEngineConfig(listenPoints, size, frTimerMillis, frInvTimerMillis, maxTransactions,
                Math.max(size, udpQueueCapacity));
    }

    public SipEngineConfig withUdpQueueCapacity(int capacity) {
        return new SipEngineConfig(listenPoints, threadPoolSize, frTimerMillis, frInvTimerMillis, maxTransactions,
                capacity);
    }
}
