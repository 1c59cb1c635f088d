package io.evapi.sip.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1 free for both UDP and TCP at the time of the call (SIP listens on both). */
public final class FreePorts {

    private static final int ATTEMPTS = 50;

    private FreePorts() {
    }

    public static int udpAndTcp() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < ATTEMPTS; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                    return port;
                } catch (IOException busyForUdp) {
                    // try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a TCP socket on loopback", e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP after " + ATTEMPTS + " attempts");
    }
}
