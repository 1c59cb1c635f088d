package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * A listening address written {@code host:port}, {@code [v6]:port} or {@code v6-literal} alone is not
 * accepted (the port would be ambiguous). Kamailio splits at the first colon and so cannot take IPv6; we can.
 */
public record BindAddress(String host, int port) {

    public BindAddress {
        requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host in bind address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
    }

    public static BindAddress parse(String text) {
        requireNonNull(text, "bind address");
        String s = text.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("bad bind address '" + text + "': expected [ipv6]:port");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException("bad bind address '" + text
                        + "': expected host:port, or [ipv6]:port for IPv6");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        try {
            return new BindAddress(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + port + "' in bind address '" + text + "'");
        }
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
