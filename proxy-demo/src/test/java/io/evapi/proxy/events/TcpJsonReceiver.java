package io.evapi.proxy.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An event_stream subscriber as opensips-cli's diagnose is one: it accepts one TCP connection and decodes the
 * JSON objects written back to back with an incremental parser (Python's {@code raw_decode}); it answers nothing.
 */
final class TcpJsonReceiver implements AutoCloseable {
    private final ServerSocket server;
    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

    TcpJsonReceiver() {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); JsonParser p = MiClient.JSON.createParser(s.getInputStream())) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        received.add(MiClient.JSON.readTree(p));
                    }
                } catch (IOException e) {
                    // closed
                }
            }
        }, "tcp-json-receiver");
        t.setDaemon(true);
        t.start();
    }

    String sock() {
        return "tcp:127.0.0.1:" + server.getLocalPort();
    }

    JsonNode next(Duration wait) throws InterruptedException {
        JsonNode n = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (n == null) {
            throw new AssertionError("nothing on " + sock() + " within " + wait);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
