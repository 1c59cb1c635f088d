package io.evapi.core.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Settings of an {@link EvapiClient}; build one with {@link EvapiClient#builder}.
 *
 * @param reconnect  whether to reconnect after the connection drops or cannot be made
 * @param minBackoff first delay before a reconnect; it doubles after each failure up to {@code maxBackoff}
 */
public record EvapiClientConfig(
        String host,
        int port,
        boolean netstringFormat,
        int maxFrameSize,
        boolean reconnect,
        Duration minBackoff,
        Duration maxBackoff,
        Consumer<String> onMessage,
        Runnable onConnected,
        Runnable onDisconnected) {

    public EvapiClientConfig {
        requireNonNull(host, "host");
        requireNonNull(minBackoff, "minBackoff");
        requireNonNull(maxBackoff, "maxBackoff");
        requireNonNull(onMessage, "onMessage");
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

    /** Builds a client configuration; only host and port are required. */
    public static final class Builder {
        private final String host;
        private final int port;
        private boolean netstringFormat = true;
        private int maxFrameSize = 1024 * 1024;
        private boolean reconnect = true;
        private Duration minBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Consumer<String> onMessage = s -> { };
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

        public Builder maxFrameSize(int value) {
            this.maxFrameSize = value;
            return this;
        }

        public Builder reconnect(boolean value) {
            this.reconnect = value;
            return this;
        }

        public Builder backoff(Duration min, Duration max) {
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        /** Called with each event the server sends. */
        public Builder onMessage(Consumer<String> value) {
            this.onMessage = value;
            return this;
        }

        public Builder onConnected(Runnable value) {
            this.onConnected = value;
            return this;
        }

        public Builder onDisconnected(Runnable value) {
            this.onDisconnected = value;
            return this;
        }

        public EvapiClientConfig config() {
            return new EvapiClientConfig(host, port, netstringFormat, maxFrameSize, reconnect, minBackoff,
                    maxBackoff, onMessage, onConnected, onDisconnected);
        }

        public EvapiClient build() {
            return EvapiClient.create(config());
        }
    }
}
