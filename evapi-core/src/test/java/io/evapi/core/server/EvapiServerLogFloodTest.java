package io.evapi.core.server;

import static io.evapi.core.server.ServerFixture.WAIT;
import static io.evapi.core.server.ServerFixture.loopback;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.core.server.ServerFixture.Received;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What any client can cause at any rate is logged at a bounded rate, with counts; the real clients go on. */
class EvapiServerLogFloodTest {
    private static final List<String> BAD_INPUT = List.of("x:bad,", "3abc,", "3:abcd,", "99999999999:", "2000000:");

    private final ServerFixture fixture = new ServerFixture();
    private final LogLines log = new LogLines();

    @AfterEach
    void tearDown() throws Exception {
        log.close();
        fixture.close();
    }

    @Test
    void refusedConnectionsAreLoggedAtABoundedRateWithTheirCount() throws Exception {
        EvapiServer server = fixture.server(loopback().withMaxClients(1));
        Received served = fixture.client(server);
        long started = System.nanoTime();
        int refused = 300;
        for (int i = 0; i < refused; i++) {
            try (RawClient extra = RawClient.reading(server.localAddress())) {
                await().atMost(WAIT).until(extra::closedByServer);
            }
        }
        assertThat(server.metrics().connectionsRefused()).isEqualTo(refused);
        List<String> lines = log.containing("refused");
        assertThat(lines).hasSizeBetween(1, linesAllowed(started));
        assertThat(lines.get(0)).contains("max_clients").contains("[1 so far, 0 not logged");

        assertThat(server.relay("still")).isEqualTo(1);
        await().atMost(WAIT).until(() -> served.events.contains("still"));
    }

    @Test
    void aFloodOfBadFramesWritesAFewLinesAndAWellBehavedClientKeepsBeingServed() throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback().withMaxClients(8).withWorkers(2), recorder);
        Received good = fixture.client(server);
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);
        long goodId = recorder.opened.get(0).id();
        long started = System.nanoTime();

        int connections = 2_000;
        AtomicInteger done = new AtomicInteger();
        ExecutorService flood = Executors.newFixedThreadPool(8);
        fixture.track(flood::shutdownNow);
        InetSocketAddress address = server.localAddress();
        List<Future<?>> senders = new java.util.ArrayList<>();
        for (int i = 0; i < connections; i++) {
            String bad = BAD_INPUT.get(i % BAD_INPUT.size());
            senders.add(flood.submit(() -> {
                sendAndAwaitClose(address, bad);
                done.incrementAndGet();
            }));
        }
        // served throughout the flood: events out, messages in
        int round = 0;
        while (done.get() < connections) {
            round++;
            String event = "event-" + round;
            assertThat(server.relay(event)).isGreaterThanOrEqualTo(1);
            good.client.send("message-" + round).join();
            await().atMost(WAIT).until(() -> good.events.contains(event));
        }
        for (Future<?> f : senders) {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        String last = "message-" + round;
        await().atMost(WAIT).until(() -> recorder.eventsOf(goodId).contains(last));
        assertThat(recorder.eventsOf(goodId)).filteredOn(m -> m.startsWith("message-")).hasSize(round);

        EvapiMetrics m = server.metrics();
        assertThat(m.badFrames() + m.connectionsRefused()).isEqualTo(connections);
        List<String> lines = log.all();
        int kinds = BAD_INPUT.size() + 1; // each bad-frame reason, and refused when all 8 slots are busy
        assertThat(lines).as("WARN/ERROR lines for %d bad connections", connections)
                .hasSizeLessThanOrEqualTo(kinds * linesAllowed(started));
        assertThat(log.containing("bad frame")).allMatch(line -> line.contains(" so far, "));
    }

    /** At most one line per kind per 10 s: the first, then one per started interval (+1 for the edges). */
    private static int linesAllowed(long startedNanos) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
        return (int) (2 + seconds / ServerCore.WARNING_INTERVAL.toSeconds());
    }

    private static void sendAndAwaitClose(InetSocketAddress address, String bad) {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout((int) WAIT.toMillis());
            try {
                s.getOutputStream().write(bad.getBytes(UTF_8));
            } catch (IOException refusedFirst) {
                return; // refused (table full) before the bytes went out
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[256];
            while (in.read(buf) >= 0) {
                // the server sends nothing to these but might relay events: read until it closes
            }
        } catch (IOException e) {
            // reset by the server's close: that is the end we wait for
        }
    }
}
