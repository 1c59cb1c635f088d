package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the event server; names follow Kamailio's evapi parameters where one exists. Start from
 * {@link #defaults()} and change what you need with the {@code with...} methods; every value is checked here,
 * and a bad one fails with an {@link IllegalArgumentException} naming the parameter and the value.
 *
 * @param bindAddr              {@code host:port}, {@code ipv4:port} or {@code [ipv6]:port} to listen on
 *                              (default {@code 127.0.0.1:8448}; port 0 picks a free one, see
 *                              {@link EvapiServer#localAddress()}); Kamailio's {@code bind_addr}
 * @param maxClients            size of the client table (default 8); a connection beyond it is closed at once;
 *                              Kamailio's {@code max_clients}
 * @param netstringFormat       true (default): netstrings both ways; false: payloads written as they are, and
 *                              messages from clients split at line ends (LF, a CR before it removed, empty
 *                              lines skipped); Kamailio's {@code netstring_format}
 * @param maxFrameSize          largest message accepted from a client, in bytes (default 1 MiB); a larger one
 *                              closes that client
 * @param maxPendingBytes       bound of one client's pending output, in bytes (default 4 MiB): frames queued
 *                              for it plus Netty's outbound buffer (which adds about 100 bytes of bookkeeping
 *                              per write; small frames are written in batches of up to 64 KiB)
 * @param slowClientPolicy      what happens to a client whose pending output is full (default DROP)
 * @param workers               threads running the listeners (default 1); 0 runs them on the I/O thread, so
 *                              they must not block; Kamailio's {@code workers}
 * @param sendDataTimeoutMillis a client whose pending output makes no progress this long is closed and
 *                              counted; 0 (default): never; Kamailio's {@code send_data_timeout} (there in µs)
 * @param maxQueuedEvents       bound of frames waiting to be written, all clients together; over it a send
 *                              returns -1 and queues nothing; 0 (default): no bound; Kamailio's
 *                              {@code context_mlimit}
 * @param maxInboundBytes       bound of one client's received messages waiting for the listeners, in bytes
 *                              (default 4 MiB; each message counts its size plus 128); over it the server stops
 *                              reading that client (TCP pushes back on it) until half of it is left. Nothing is lost
 * @param maxInboundTotalBytes  the same bound for all clients together (default 64 MiB): over it, each client
 *                              that receives more stops being read until the total is down to half
 * @param idleTimeoutMillis     a client that sent nothing and was written nothing for this long is closed and
 *                              counted, so idle sockets cannot hold the slots; a client the server itself stopped
 *                              reading is not idle; 0 (default): never
 */
public record EvapiServerConfig(
        String bindAddr,
        int maxClients,
        boolean netstringFormat,
        int maxFrameSize,
        int maxPendingBytes,
        SlowClientPolicy slowClientPolicy,
        int workers,
        long sendDataTimeoutMillis,
        int maxQueuedEvents,
        int maxInboundBytes,
        int maxInboundTotalBytes,
        long idleTimeoutMillis) {

    public static final String DEFAULT_BIND_ADDR = "127.0.0.1:8448";
    public static final int DEFAULT_MAX_CLIENTS = 8;
    public static final int DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;
    public static final int DEFAULT_MAX_PENDING_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_INBOUND_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_INBOUND_TOTAL_BYTES = 64 * 1024 * 1024;

    public EvapiServerConfig {
        requireNonNull(slowClientPolicy, "slowClientPolicy");
        BindAddress.parse(bindAddr);
        positive("max_clients", maxClients);
        positive("max_frame_size", maxFrameSize);
        positive("max_pending_bytes", maxPendingBytes);
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0: " + workers);
        }
        if (sendDataTimeoutMillis < 0) {
            throw new IllegalArgumentException("send_data_timeout must be >= 0: " + sendDataTimeoutMillis);
        }
        if (maxQueuedEvents < 0) {
            throw new IllegalArgumentException("context_mlimit must be >= 0: " + maxQueuedEvents);
        }
        positive("max_inbound_bytes", maxInboundBytes);
        positive("max_inbound_total_bytes", maxInboundTotalBytes);
        if (idleTimeoutMillis < 0) {
            throw new IllegalArgumentException("idle_timeout must be >= 0: " + idleTimeoutMillis);
        }
    }

    /**
     * The settings before the inbound bounds and the idle timeout existed; those take their defaults.
     *
     * @deprecated use {@link #defaults()} and the {@code with...} methods, which survive new settings
     */
    @Deprecated
    public EvapiServerConfig(String bindAddr, int maxClients, boolean netstringFormat, int maxFrameSize,
            int maxPendingBytes, SlowClientPolicy slowClientPolicy, int workers, long sendDataTimeoutMillis,
            int maxQueuedEvents) {
        this(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes, slowClientPolicy, workers,
                sendDataTimeoutMillis, maxQueuedEvents, DEFAULT_MAX_INBOUND_BYTES, DEFAULT_MAX_INBOUND_TOTAL_BYTES,
                0);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }

    public static EvapiServerConfig defaults() {
        return new EvapiServerConfig(DEFAULT_BIND_ADDR, DEFAULT_MAX_CLIENTS, true, DEFAULT_MAX_FRAME_SIZE,
                DEFAULT_MAX_PENDING_BYTES, SlowClientPolicy.DROP, 1, 0, 0, DEFAULT_MAX_INBOUND_BYTES,
                DEFAULT_MAX_INBOUND_TOTAL_BYTES, 0);
    }

    public BindAddress bindAddress() {
        return BindAddress.parse(bindAddr);
    }

    public EvapiServerConfig withBindAddr(String value) {
        return new EvapiServerConfig(value, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, maxQueuedEvents, maxInboundBytes,
                maxInboundTotalBytes, idleTimeoutMillis);
    }

    public EvapiServerConfig withMaxClients(int value) {
        return new EvapiServerConfig(bindAddr, value, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, maxQueuedEvents, maxInboundBytes,
                maxInboundTotalBytes, idleTimeoutMillis);
    }

    public EvapiServerConfig withNetstringFormat(boolean value) {
        return new EvapiServerConfig(bindAddr, maxClients, value, maxFrameSize, maxPendingBytes, slowClientPolicy,
                workers, sendDataTimeoutMillis, maxQueuedEvents, maxInboundBytes, maxInboundTotalBytes,
                idleTimeoutMillis);
    }

    public EvapiServerConfig withMaxFrameSize(int value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, value, maxPendingBytes, slowClientPolicy,
                workers, sendDataTimeoutMillis, maxQueuedEvents, maxInboundBytes, maxInboundTotalBytes,
                idleTimeoutMillis);
    }

    public EvapiServerConfig withMaxPendingBytes(int value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, value, slowClientPolicy,
                workers, sendDataTimeoutMillis, maxQueuedEvents, maxInboundBytes, maxInboundTotalBytes,
                idleTimeoutMillis);
    }

    public EvapiServerConfig withSlowClientPolicy(SlowClientPolicy value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes, value,
                workers, sendDataTimeoutMillis, maxQueuedEvents, maxInboundBytes, maxInboundTotalBytes,
                idleTimeoutMillis);
    }

    public EvapiServerConfig withWorkers(int value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, value, sendDataTimeoutMillis, maxQueuedEvents, maxInboundBytes,
                maxInboundTotalBytes, idleTimeoutMillis);
    }

    public EvapiServerConfig withSendDataTimeoutMillis(long value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, value, maxQueuedEvents, maxInboundBytes, maxInboundTotalBytes,
                idleTimeoutMillis);
    }

    public EvapiServerConfig withMaxQueuedEvents(int value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, value, maxInboundBytes, maxInboundTotalBytes,
                idleTimeoutMillis);
    }

    public EvapiServerConfig withMaxInboundBytes(int value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, maxQueuedEvents, value, maxInboundTotalBytes,
                idleTimeoutMillis);
    }

    public EvapiServerConfig withMaxInboundTotalBytes(int value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, maxQueuedEvents, maxInboundBytes, value,
                idleTimeoutMillis);
    }

    public EvapiServerConfig withIdleTimeoutMillis(long value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, maxQueuedEvents, maxInboundBytes,
                maxInboundTotalBytes, value);
    }
}
