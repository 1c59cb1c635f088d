package io.evapi.proxy.modules.datagram;

import io.evapi.proxy.spi.event.InvalidSocketException;
import io.evapi.proxy.spi.event.Ipv4Destinations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * {@code udp:HOST:PORT}: HOST resolved once, when subscribing, to an IPv4 address (as OpenSIPS's AF_INET
 * socket); printed as written. Each subscriber gets its own connected channel, so a port that refuses (ICMP
 * port unreachable) is reported on a later send and counted as a failure of that subscriber alone.
 */
final class UdpTarget extends Target {
    final String host;
    final int port;
    private final InetSocketAddress address;
    private DatagramChannel channel;

    private UdpTarget(String host, int port, InetSocketAddress address) {
        super("udp", host + ":" + port);
        this.host = host;
        this.port = port;
        this.address = address;
    }

    static UdpTarget parse(String text) throws InvalidSocketException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidSocketException("expected udp:HOST:PORT, such as udp:127.0.0.1:8888, found 'udp:" + text
                    + "'");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        int port;
        try {
            port = portText.matches("[0-9]{1,5}") ? Integer.parseInt(portText) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new InvalidSocketException("expected a port from 1 to 65535, found '" + portText + "'");
        }
        return new UdpTarget(host, port, Ipv4Destinations.resolve(host, port));
    }

    @Override
    synchronized void send(ByteBuffer payload) throws IOException {
        if (released) {
            return;
        }
        DatagramChannel c = channel;
        if (c == null) {
            c = DatagramChannel.open();
            c.connect(address);
            channel = c;
        }
        c.write(payload);
    }

    @Override
    boolean sameAs(Target other) {
        return other instanceof UdpTarget u && u.port == port && u.host.equals(host);
    }

    @Override
    synchronized void close() {
        released = true;
        DatagramChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
