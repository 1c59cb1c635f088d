package io.evapi.core.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays events through a private server to a private client, and back, before the first real server of the JVM
 * binds: the send path (encode, queue, gathered writes) and the receive path are then compiled when the routing
 * script starts relaying. Compiled under load instead, the send path alone took the JIT two seconds of a core
 * that the first requests needed. The private server listens on a loopback port of its own and is stopped before
 * the real one starts; no listener of the real server sees it.
 */
final class ServerWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(ServerWarmUp.class);

    /** Property: milliseconds of relaying at most; 0 for none. */
    static final String MILLIS_PROPERTY = "io.evapi.core.WARM_UP_MS";
    static final long DEFAULT_MILLIS = 2_000;
    /** Events after which the warm-up ends before its time: enough for the JIT's last tier. */
    static final int MAX_EVENTS = 60_000;
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private ServerWarmUp() {
    }

    /** The first time in this JVM: {@link #run} for the time the property gives; never throws. */
    static void once(EvapiServerConfig real) {
        if (DONE.compareAndSet(false, true)) {
            run(real, Long.getLong(MILLIS_PROPERTY, DEFAULT_MILLIS), MAX_EVENTS);
        }
    }

    /** @return events the private client received (0 when skipped or failed: a warm-up only) */
    static long run(EvapiServerConfig real, long millis, int maxEvents) {
        if (millis <= 0) {
            return 0;
        }
        DONE.set(true); // the private server must not warm itself up again
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        AtomicLong answers = new AtomicLong();
        EvapiListener counter = new EvapiListener() {
            @Override
            public void onMessage(EvapiConnection connection, String message) {
                answers.incrementAndGet();
            }
        };
        EvapiServerConfig own = real.withBindAddr("127.0.0.1:0").withMaxClients(1).withIdleTimeoutMillis(0)
                .withSendDataTimeoutMillis(0).withMaxQueuedEvents(0);
        try (EvapiServer server = EvapiServer.start(own, counter);
             Socket app = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort())) {
            AtomicLong received = new AtomicLong();
            Thread reader = new Thread(() -> drain(app, received), "evapi-warm-up-reader");
            reader.setDaemon(true);
            reader.start();
            while (server.connections().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            OutputStream out = app.getOutputStream();
            long sent = 0;
            for (int i = 0; i < maxEvents && System.nanoTime() < deadline; i++) {
                String event = "{\"event\":\"warm-up\",\"from\":\"alice\",\"to\":\"bob\",\"callid\":\"w-" + i
                        + "@127.0.0.1\",\"n\":" + i + "}";
                if (server.relay(event) > 0) {
                    sent++;
                } else {
                    Thread.sleep(1); // the private client is behind: let it read
                }
                if (i % 8 == 0) {
                    out.write(frame(real.netstringFormat(), "{\"reply\":" + i + "}"));
                }
            }
            LOG.info("evapi warm-up: {} events relayed ({} bytes read so far), {} messages received in {} ms",
                    sent, received.get(), answers.get(), (System.nanoTime() - start) / 1_000_000);
            return sent;
        } catch (Exception e) {
            LOG.warn("evapi warm-up skipped: {}", e.toString());
            return 0;
        }
    }

    private static byte[] frame(boolean netstring, String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        String text = netstring ? body.length + ":" + message + "," : message + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void drain(Socket app, AtomicLong received) {
        byte[] buf = new byte[65_536];
        try (InputStream in = app.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                received.addAndGet(n);
            }
        } catch (IOException e) {
            // closed at the end of the warm-up
        }
    }
}
