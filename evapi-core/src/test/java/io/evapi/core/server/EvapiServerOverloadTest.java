package io.evapi.core.server;

import static io.evapi.core.server.ServerFixture.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.core.client.EvapiClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Load: producers relay flat out to a client that reads slowly while the application disconnects and
 * reconnects. The table has room for just the two, so each reconnect needs the slot its previous connection
 * held: the server must see the application leave and take it back in under that load. In one round the
 * script's connection-new route fails with an Error, as it does when the overload has exhausted the heap: the
 * connection must still be read, tagged and served. The bounds are generous; the assertions are that it
 * happens, not how fast.
 */
class EvapiServerOverloadTest {
    private static final Duration LOAD_WAIT = Duration.ofSeconds(90);
    private static final int RECONNECTS = 5;
    private static final int ROUND_WITH_AN_ERROR = 2;

    private final ServerFixture fixture = new ServerFixture();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        stop.set(true);
        fixture.close(); // ends the slow reader too
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(20).toMillis());
        }
    }

    @ParameterizedTest(name = "workers = {0}")
    @ValueSource(ints = {0, 2})
    void anApplicationReconnectingUnderOverloadIsRegisteredAndServedAgain(int workers) throws Exception {
        EvapiServer server = fixture.server(loopback().withWorkers(workers).withMaxClients(2)
                .withMaxPendingBytes(64 * 1024));
        AtomicBoolean failNextConnectionNew = new AtomicBoolean();
        server.addListener(new EvapiListener() {
            @Override
            public void onConnectionNew(EvapiConnection c) {
                if (failNextConnectionNew.compareAndSet(true, false)) {
                    throw new Error("test: the route failed with an Error, as when the overload exhausted the heap"
                            + " (expected in the log)");
                }
            }

            @Override
            public void onMessage(EvapiConnection c, String message) {
                if (message.startsWith("tag:")) {
                    server.setTag(c.conidx(), c.id(), message.substring(4));
                }
            }
        });
        Socket slow = new Socket();
        slow.setReceiveBufferSize(4096);
        slow.connect(server.localAddress());
        fixture.track(slow);
        await().atMost(LOAD_WAIT).until(() -> server.connections().size() == 1);
        background(() -> readSlowly(slow));
        for (int p = 0; p < 2; p++) {
            background(() -> {
                String event = "e".repeat(300);
                while (!stop.get()) {
                    server.relay(event);
                    server.unicast("for-the-app", "app");
                }
            });
        }

        for (int round = 0; round < RECONNECTS; round++) {
            long acceptedBefore = server.metrics().connectionsAccepted();
            failNextConnectionNew.set(round == ROUND_WITH_AN_ERROR);
            AtomicInteger events = new AtomicInteger();
            AtomicInteger unicasts = new AtomicInteger();
            EvapiClient app = EvapiClient.builder("127.0.0.1", server.localAddress().getPort())
                    .backoff(Duration.ofMillis(20), Duration.ofMillis(500)) // refused while its old slot is held
                    .onFrame(e -> (e.equals("for-the-app") ? unicasts : events).incrementAndGet())
                    .build();
            fixture.track(app);
            app.connect();
            String failure = "round " + round + " of workers=" + workers;
            long t0 = System.nanoTime();
            await(failure + ": registered").atMost(LOAD_WAIT)
                    .until(() -> server.metrics().connectionsAccepted() > acceptedBefore && app.isConnected());
            long t1 = System.nanoTime();
            // the application names itself as soon as it can; a refused attempt just tries again
            await(failure + ": tagged").atMost(LOAD_WAIT).until(() -> {
                if (app.isConnected()) {
                    app.send("tag:app");
                }
                return server.hasConnection("app");
            });
            await(failure + ": served").atMost(LOAD_WAIT).until(() -> events.get() > 100 && unicasts.get() > 10);
            long t2 = System.nanoTime();
            System.err.printf("TIMING w%d r%d registered %d ms, tagged+served %d ms, refused %d%n", workers, round, (t1-t0)/1000000, (t2-t1)/1000000, server.metrics().connectionsRefused());
            app.close();
        }
        assertThat(server.metrics().connectionsOpen()).isBetween(1L, 2L);
    }

    private static void readSlowly(Socket s) {
        byte[] buf = new byte[512];
        try {
            InputStream in = s.getInputStream();
            while (in.read(buf) >= 0) {
                LockSupport.parkNanos(1_000_000);
            }
        } catch (IOException e) {
            // closed at the end of the test
        }
    }

    private void background(Runnable r) {
        Thread t = new Thread(r, "overload-test");
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }
}
