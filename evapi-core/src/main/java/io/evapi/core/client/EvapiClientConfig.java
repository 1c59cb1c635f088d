package io.evapi.core.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Settings of an {@link EvapiClient}; build one with {@link EvapiClient#builder}.
 *
 * @param host            the server's host name or IP address
 * @param port            the server's port
 * @param netstringFormat true (default): netstrings both ways; false: raw mode, the server's events arrive
 *                        as lines and {@link EvapiClient#send} adds a line feed (must match the server)
 * @param maxFrameSize    largest event accepted from the server, in bytes; a larger one closes the connection
 * @param reconnect       whether to reconnect after the connection drops or cannot be made (default true)
 * @param minBackoff      first delay before a reconnect; it doubles after each failure up to {@code maxBackoff}
 * @param maxBackoff      longest delay between two attempts
 * @param onFrame         called with each event the server sends
 * @param onConnected     called each time a connection is up (the first one and every reconnect)
 * @param onDisconnected  called each time an established connection is lost
 */
public record EvapiClientConfig(
        String host,
        int port,
        boolean netstringFormat,
        int maxFrameSize,
        boolean reconnect,
        Duration minBackoff,
        Duration maxBackoff,
        Consumer<String> onFrame,
        Runnable onConnected,
        Runnable onDisconnected) {

    public EvapiClientConfig {
        requireNonNull(host, "host");
        requireNonNull(minBackoff, "minBackoff");
        requireNonNull(maxBackoff, "maxBackoff");
        requireNonNull(onFrame, "onFrame");
        requireNonNull(onConnected, "onConnected");
        requireNonNull(onDisconnected, "onDisconnected");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxFrameSize <= 0) {
            throw new IllegalArgumentException("maxFrameSize must be > 0");
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff");
        }
    }

    /** Builds a client; only host and port are required. */
    public static final class Builder {
        private final String host;
        private final int port;
        private boolean netstringFormat = true;
        private int maxFrameSize = 1024 * 1024;
        private boolean reconnect = true;
        private Duration minBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Consumer<String> onFrame = s -> { };
        private Runnable onConnected = () -> { };
        private Runnable onDisconnected = () -> { };

        Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        /** false: raw mode, messages are lines (must match the server's netstring_format). */
        public Builder netstringFormat(boolean value) {
            this.netstringFormat = value;
            return this;
        }

        /** Largest event accepted from the server, in bytes (default 1 MiB). */
        public Builder maxFrameSize(int value) {
            this.maxFrameSize = value;
            return this;
        }

        /** Whether to reconnect, with exponential backoff, after a drop or a failed attempt (default true). */
        public Builder reconnect(boolean value) {
            this.reconnect = value;
            return this;
        }

        /** Delays between reconnect attempts: the first is {@code min}, doubling up to {@code max} (100 ms, 10 s). */
        public Builder backoff(Duration min, Duration max) {
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Called with each event the server sends (the netstring's payload, or one line in raw mode), on the
         * client's I/O thread, one at a time and in order; hand long work to another thread.
         */
        public Builder onFrame(Consumer<String> value) {
            this.onFrame = value;
            return this;
        }

        /** Called each time a connection is up: the first one and every reconnect. */
        public Builder onConnected(Runnable value) {
            this.onConnected = value;
            return this;
        }

        /** Called each time an established connection is lost (not when an attempt fails). */
        public Builder onDisconnected(Runnable value) {
            this.onDisconnected = value;
            return this;
        }

        /** The validated settings, for callers that keep them; most use {@link #build()}. */
        public EvapiClientConfig config() {
            return new EvapiClientConfig(host, port, netstringFormat, maxFrameSize, reconnect, minBackoff,
                    maxBackoff, onFrame, onConnected, onDisconnected);
        }

        public EvapiClient build() {
            return EvapiClient.create(config());
        }
    }
}
