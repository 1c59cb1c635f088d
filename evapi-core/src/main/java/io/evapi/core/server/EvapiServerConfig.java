package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the event server; names follow Kamailio's evapi parameters where one exists.
 *
 * @param bindAddr              {@code host:port} or {@code [v6]:port} to listen on
 * @param maxClients            size of the client table; a connection beyond it is closed at once
 * @param netstringFormat       true: netstrings both ways; false: raw payloads out, lines in
 * @param maxFrameSize          largest message accepted from a client, in bytes
 * @param maxPendingBytes       bound of one client's outbound queue, in bytes
 * @param slowClientPolicy      what happens when a client's queue is full
 * @param workers               threads running the listeners; 0 runs them on the I/O thread
 * @param sendDataTimeoutMillis a client whose pending output makes no progress this long is closed; 0: never
 * @param maxQueuedEvents       bound of frames waiting to be written, all clients together; 0: no bound
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
        int maxQueuedEvents) {

    public static final String DEFAULT_BIND_ADDR = "127.0.0.1:8448";
    public static final int DEFAULT_MAX_CLIENTS = 8;
    public static final int DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;
    public static final int DEFAULT_MAX_PENDING_BYTES = 4 * 1024 * 1024;

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
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }

    public static EvapiServerConfig defaults() {
        return new EvapiServerConfig(DEFAULT_BIND_ADDR, DEFAULT_MAX_CLIENTS, true, DEFAULT_MAX_FRAME_SIZE,
                DEFAULT_MAX_PENDING_BYTES, SlowClientPolicy.DROP, 1, 0, 0);
    }

    public BindAddress bindAddress() {
        return BindAddress.parse(bindAddr);
    }

    public EvapiServerConfig withBindAddr(String value) {
        return new EvapiServerConfig(value, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, maxQueuedEvents);
    }

    public EvapiServerConfig withMaxClients(int value) {
        return new EvapiServerConfig(bindAddr, value, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, maxQueuedEvents);
    }

    public EvapiServerConfig withNetstringFormat(boolean value) {
        return new EvapiServerConfig(bindAddr, maxClients, value, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, maxQueuedEvents);
    }

    public EvapiServerConfig withMaxFrameSize(int value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, value, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, maxQueuedEvents);
    }

    public EvapiServerConfig withMaxPendingBytes(int value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, value,
                slowClientPolicy, workers, sendDataTimeoutMillis, maxQueuedEvents);
    }

    public EvapiServerConfig withSlowClientPolicy(SlowClientPolicy value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                value, workers, sendDataTimeoutMillis, maxQueuedEvents);
    }

    public EvapiServerConfig withWorkers(int value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, value, sendDataTimeoutMillis, maxQueuedEvents);
    }

    public EvapiServerConfig withSendDataTimeoutMillis(long value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, value, maxQueuedEvents);
    }

    public EvapiServerConfig withMaxQueuedEvents(int value) {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat, maxFrameSize, maxPendingBytes,
                slowClientPolicy, workers, sendDataTimeoutMillis, value);
    }
}
