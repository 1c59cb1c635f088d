package io.evapi.proxy.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A real UDP subscriber on 127.0.0.1: what a receiver of event_datagram gets, one datagram at a time. */
final class UdpReceiver implements AutoCloseable {
    private final DatagramSocket socket;

    UdpReceiver() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setReceiveBufferSize(4 * 1024 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    String sock() {
        return "udp:127.0.0.1:" + port();
    }

    /** The next datagram's text; fails after {@code wait}. */
    String next(Duration wait) {
        String s = poll(wait);
        if (s == null) {
            throw new AssertionError("no datagram on " + sock() + " within " + wait);
        }
        return s;
    }

    /** The next datagram's text, or null when none came within {@code wait}. */
    String poll(Duration wait) {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            socket.receive(p);
            return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
