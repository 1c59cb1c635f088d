package io.evapi.proxy.spi.event;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The address of a transport's destination as OpenSIPS's event modules take it: an IPv4 address or a host name
 * resolved once, at subscription, to its first IPv4 address (IPv6 is not supported, as in OpenSIPS).
 */
public final class Ipv4Destinations {

    private Ipv4Destinations() {
    }

    /**
     * @param host the host part of the socket text, as given
     * @param port 1-65535, checked by the caller (its message names its own socket syntax)
     * @throws InvalidSocketException for an IPv6 literal, a name that does not resolve, or one with no IPv4 address
     */
    public static InetSocketAddress resolve(String host, int port) throws InvalidSocketException {
        if (host.indexOf(':') >= 0 || host.startsWith("[")) {
            throw new InvalidSocketException("expected an IPv4 address or a host name, found '" + host
                    + "' (IPv6 is not supported, as in OpenSIPS)");
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a instanceof Inet4Address) {
                    return new InetSocketAddress(a, port);
                }
            }
        } catch (UnknownHostException e) {
            throw new InvalidSocketException("host '" + host + "' does not resolve");
        }
        throw new InvalidSocketException("host '" + host + "' has no IPv4 address");
    }
}
