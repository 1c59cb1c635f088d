package io.evapi.sip.engine.transport;

import java.util.Properties;

/**
 * Settings of the UDP transport ({@link UdpMessageProcessor}), read from the JAIN-SIP stack properties so the
 * transport can also be configured by property files. The engine sets them from its {@code SipEngineConfig}; a JVM
 * system property of the same name (e.g. {@code -Dio.evapi.sip.transport.UDP_RECEIVE_THREADS=1}) wins.
 *
 * @param workers            threads that parse and process datagrams (the script runs on them); the datagrams of
 *                           one Call-ID always go to the same worker, in arrival order
 * @param queueCapacity      datagrams waiting for the workers, all workers together; beyond it a datagram is
 *                           dropped and counted
 * @param receiveBufferBytes SO_RCVBUF asked for (the kernel caps it at net.core.rmem_max)
 * @param sendBufferBytes    SO_SNDBUF asked for (capped at net.core.wmem_max)
 * @param nonInviteLingerMillis how long a non-INVITE server transaction stays after its final reply to absorb
 *                           retransmissions of its request (RFC 3261 Timer J, 64*T1 = 32 s in JAIN-SIP; Kamailio's
 *                           wt_timer is 5 s): what a busy server keeps in memory is rate times this
 * @param maxQueueWaitMillis a request (not a response) that waited longer than this for a worker is dropped and
 *                           counted instead of processed: its sender has retransmitted or given up, and a server
 *                           catching up (a cold JVM, a burst) serves fresh requests first. 0: never
 * @param receiveThreads     threads that read the socket, one at a time: the leader, which processes the last
 *                           datagram of a burst itself (no thread wake-up for a lone request), and standbys that
 *                           take the lead from a leader held up by a script. 1: every datagram goes to a worker
 */
public record UdpTransportSettings(int workers, int queueCapacity, int receiveBufferBytes, int sendBufferBytes,
                                   int receiveThreads, int nonInviteLingerMillis, int maxQueueWaitMillis) {

    /** Property: worker threads; default {@code gov.nist.javax.sip.THREAD_POOL_SIZE}, else 16. */
    public static final String WORKERS = "io.evapi.sip.transport.UDP_WORKERS";
    /** Property: datagrams queued for the workers at most (all workers); default 16384. */
    public static final String QUEUE_CAPACITY = "io.evapi.sip.transport.UDP_QUEUE_CAPACITY";
    /** Property: threads reading the socket, default 2 (see {@link #receiveThreads()}). */
    public static final String RECEIVE_THREADS = "io.evapi.sip.transport.UDP_RECEIVE_THREADS";
    /** Property: milliseconds, default 5000 (see {@link #nonInviteLingerMillis()}). */
    public static final String NON_INVITE_LINGER = "io.evapi.sip.transport.UDP_NON_INVITE_LINGER_MS";
    /** Property: milliseconds, default 2000 (see {@link #maxQueueWaitMillis()}). */
    public static final String MAX_QUEUE_WAIT = "io.evapi.sip.transport.UDP_MAX_QUEUE_WAIT_MS";
    /** JAIN-SIP's own property for SO_RCVBUF; default here 4 MiB (JAIN-SIP's 64 KiB overflows in any pause). */
    public static final String RECEIVE_BUFFER = "gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE";
    /** JAIN-SIP's own property for SO_SNDBUF; default here 1 MiB. */
    public static final String SEND_BUFFER = "gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE";

    public static final int DEFAULT_WORKERS = 16;
    public static final int DEFAULT_QUEUE_CAPACITY = 16_384;
    public static final int DEFAULT_RECEIVE_BUFFER = 4 << 20;
    public static final int DEFAULT_SEND_BUFFER = 1 << 20;
    public static final int DEFAULT_RECEIVE_THREADS = 2;
    public static final int DEFAULT_NON_INVITE_LINGER = 5_000;
    public static final int DEFAULT_MAX_QUEUE_WAIT = 2_000;

    public UdpTransportSettings {
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("UDP workers must be 1-1024, got " + workers);
        }
        if (queueCapacity < workers) {
            throw new IllegalArgumentException("UDP queue capacity must be at least the worker count, got "
                    + queueCapacity);
        }
        if (receiveThreads < 1 || receiveThreads > 64) {
            throw new IllegalArgumentException("UDP receive threads must be 1-64, got " + receiveThreads);
        }
        if (nonInviteLingerMillis < 64 || nonInviteLingerMillis > 64 * 500) {
            throw new IllegalArgumentException("UDP non-INVITE linger must be 64-32000 ms, got " + nonInviteLingerMillis);
        }
        if (maxQueueWaitMillis < 0) {
            throw new IllegalArgumentException("UDP max queue wait must be 0 or more, got " + maxQueueWaitMillis);
        }
        if (receiveBufferBytes < 1 || sendBufferBytes < 1) {
            throw new IllegalArgumentException("UDP socket buffers must be positive");
        }
    }

    public static UdpTransportSettings defaults() {
        return new UdpTransportSettings(DEFAULT_WORKERS, DEFAULT_QUEUE_CAPACITY, DEFAULT_RECEIVE_BUFFER,
                DEFAULT_SEND_BUFFER, DEFAULT_RECEIVE_THREADS, DEFAULT_NON_INVITE_LINGER, DEFAULT_MAX_QUEUE_WAIT);
    }

    /** From stack properties; missing ones take the defaults above. */
    public static UdpTransportSettings from(Properties p) {
        int pool = intProperty(p, "gov.nist.javax.sip.THREAD_POOL_SIZE", DEFAULT_WORKERS);
        return new UdpTransportSettings(intProperty(p, WORKERS, pool),
                intProperty(p, QUEUE_CAPACITY, DEFAULT_QUEUE_CAPACITY),
                intProperty(p, RECEIVE_BUFFER, DEFAULT_RECEIVE_BUFFER),
                intProperty(p, SEND_BUFFER, DEFAULT_SEND_BUFFER),
                intProperty(p, RECEIVE_THREADS, DEFAULT_RECEIVE_THREADS),
                intProperty(p, NON_INVITE_LINGER, DEFAULT_NON_INVITE_LINGER),
                intProperty(p, MAX_QUEUE_WAIT, DEFAULT_MAX_QUEUE_WAIT));
    }

    private static int intProperty(Properties p, String name, int fallback) {
        String value = p == null ? null : p.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'", e);
        }
    }
}
