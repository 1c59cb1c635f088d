package io.evapi.proxy.modules.xmlrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A TCP server that keeps every byte of each connection until the peer ends it: the exact request on the wire. */
final class RawPeer implements AutoCloseable {
    private final ServerSocket server;
    final BlockingQueue<byte[]> requests = new LinkedBlockingQueue<>();

    RawPeer() {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    requests.add(in.readAllBytes()); // the notifier shuts its side down after writing
                } catch (IOException e) {
                    // closed
                }
            }
        }, "raw-peer");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    byte[] next(Duration wait) throws InterruptedException {
        byte[] b = requests.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (b == null) {
            throw new AssertionError("no request on port " + port() + " within " + wait);
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
