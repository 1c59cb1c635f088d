package io.evapi.proxy.spi.event;

/** A subscriber socket that a transport cannot use ({@code udp:host} without a port, a host that does not resolve). */
public class InvalidSocketException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidSocketException(String message) {
        super(message);
    }
}
