package io.evapi.sip.engine;

import java.util.Locale;
import java.util.Objects;

/** One address the engine listens on: transport {@code udp} or {@code tcp}, host and port (1-65535). */
public record ListenPoint(String transport, String host, int port) {

    public ListenPoint {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        transport = transport.toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            throw new IllegalArgumentException("transport must be udp or tcp, got " + transport);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
    }

    public static ListenPoint udp(String host, int port) {
        return new ListenPoint("udp", host, port);
    }

    public static ListenPoint tcp(String host, int port) {
        return new ListenPoint("tcp", host, port);
    }
}
