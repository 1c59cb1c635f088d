package io.evapi.core.server;

import static io.evapi.core.server.ServerFixture.WAIT;
import static io.evapi.core.server.ServerFixture.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.core.server.ServerFixture.Received;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages from clients to listeners: bounded without loss, ordered, on workers or on the I/O thread. */
class EvapiServerInboundTest {
    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void aBlockedListenerPausesReadingOfItsConnectionLosesNothingAndOthersGoOn() throws Exception {
        int messages = 5_000;
        String filler = "m".repeat(1_000);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        EvapiListener blocker = new EvapiListener() {
            @Override
            public void onMessage(EvapiConnection c, String message) {
                if (message.startsWith("1:")) {
                    awaitRelease(release);
                }
            }
        };
        int bound = 256 * 1024;
        EvapiServer server = fixture.server(loopback().withWorkers(2).withMaxInboundBytes(bound), blocker, recorder);
        RawClient flooding = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);
        long floodingId = recorder.opened.get(0).id();
        Thread sender = new Thread(() -> {
            try {
                for (int i = 1; i <= messages; i++) {
                    String m = i + ":" + filler;
                    flooding.send(m.length() + ":" + m + ",");
                }
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        });
        sender.setDaemon(true);
        sender.start();

        // The listener is stuck on message 1: the connection's queue fills to its bound and reading stops.
        ClientConnection blocked = (ClientConnection) server.connections().get(0);
        await().atMost(WAIT).until(() -> !blocked.channel().config().isAutoRead());
        Received other = fixture.client(server);
        other.client.send("other-1").join();
        other.client.send("other-2").join();
        await().atMost(WAIT).until(() -> recorder.byConnection.values().stream()
                .anyMatch(events -> events.contains("other-2")));
        long readWhileBlocked = server.metrics().framesIn() - 2;
        // the bound, plus the socket read in progress when it was reached (up to 64 KiB)
        assertThat(readWhileBlocked).as("messages read from the blocked connection")
                .isLessThan(messages).isLessThanOrEqualTo((bound + 64 * 1024) / filler.length() + 2);

        release.countDown();
        sender.join(TimeUnit.SECONDS.toMillis(20));
        flooding.close();
        await().atMost(WAIT).until(() -> recorder.eventsOf(floodingId).contains("closed"));
        List<String> expected = new ArrayList<>();
        expected.add("new");
        for (int i = 1; i <= messages; i++) {
            expected.add(i + ":" + filler);
        }
        expected.add("closed");
        assertThat(recorder.eventsOf(floodingId)).containsExactlyElementsOf(expected);
    }

    @Test
    void bigMessagesAreBoundedByBytesNotCountAndNoneIsLost() throws Exception {
        int bound = 4 * 1024 * 1024; // max_inbound_bytes by default
        int messages = 200; // 50 MiB: far over the bound and the socket buffers, far under 1,024 messages
        String filler = "b".repeat(256 * 1024);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        EvapiListener blocker = new EvapiListener() {
            @Override
            public void onMessage(EvapiConnection c, String message) {
                if (message.startsWith("1:")) {
                    awaitRelease(release);
                }
            }
        };
        EvapiServer server = fixture.server(loopback().withWorkers(1), blocker, recorder);
        RawClient sending = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);
        long id = recorder.opened.get(0).id();
        Thread sender = sendInBackground(sending, messages, filler);

        // the listener holds message 1: the server must stop reading this client near the bound, not at 1,024
        ClientConnection c = (ClientConnection) server.connections().get(0);
        await().atMost(WAIT).until(() -> !c.channel().config().isAutoRead() || !sender.isAlive());
        int readAtMost = bound / filler.length() + 2; // + the socket read in progress and a frame in the decoder
        assertThat(server.metrics().framesIn()).as("messages read while the listener is held")
                .isLessThanOrEqualTo(readAtMost);
        assertThat(sender.isAlive()).as("the sender is held back by TCP").isTrue();

        release.countDown();
        sender.join(TimeUnit.SECONDS.toMillis(60));
        sending.close();
        await().atMost(WAIT).until(() -> recorder.eventsOf(id).contains("closed"));
        List<String> expected = new ArrayList<>();
        expected.add("new");
        for (int i = 1; i <= messages; i++) {
            expected.add(i + ":" + filler);
        }
        expected.add("closed");
        assertThat(recorder.eventsOf(id)).containsExactlyElementsOf(expected);
    }

    @Test
    void allConnectionsTogetherStayUnderTheTotalBoundAndNoneLosesAMessage() throws Exception {
        int total = 1024 * 1024;
        int clients = 3;
        int messages = 100; // 6.4 MiB per client
        String filler = "t".repeat(64 * 1024);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        EvapiListener blocker = new EvapiListener() {
            @Override
            public void onMessage(EvapiConnection c, String message) {
                if (message.equals("hold")) {
                    awaitRelease(release); // holds the only worker: every connection's messages wait
                }
            }
        };
        EvapiServer server = fixture.server(loopback().withWorkers(1).withMaxInboundTotalBytes(total), blocker,
                recorder);
        List<RawClient> senders = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            senders.add(fixture.track(RawClient.reading(server.localAddress())));
        }
        await().atMost(WAIT).until(() -> recorder.opened.size() == clients); // all reading
        senders.get(0).send("4:hold,");
        List<Thread> threads = new ArrayList<>();
        for (RawClient c : senders) {
            threads.add(sendInBackground(c, messages, filler));
        }

        List<ClientConnection> connections = server.connections().stream().map(ClientConnection.class::cast).toList();
        await().atMost(WAIT).until(() -> connections.stream().noneMatch(c -> c.channel().config().isAutoRead()));
        // the total, plus for each client the socket read in progress when it stopped (up to 64 KiB)
        long readAtMost = (total + clients * 64 * 1024L) / filler.length() + 2L * clients;
        assertThat(server.metrics().framesIn()).as("messages read while the worker is held")
                .isLessThanOrEqualTo(readAtMost);

        release.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        for (RawClient c : senders) {
            c.close();
        }
        await().atMost(WAIT).until(() -> recorder.closed.size() == clients);
        for (EvapiConnection c : recorder.opened) {
            List<String> got = recorder.eventsOf(c.id()).stream().filter(m -> !m.equals("hold")).toList();
            assertThat(got).as("client %d", c.conidx()).hasSize(messages + 2).startsWith("new").endsWith("closed");
            for (int i = 1; i <= messages; i++) {
                assertThat(got.get(i)).startsWith(i + ":").hasSize((i + ":").length() + filler.length());
            }
        }
    }

    private static Thread sendInBackground(RawClient client, int messages, String filler) {
        Thread sender = new Thread(() -> {
            try {
                for (int i = 1; i <= messages; i++) {
                    String m = i + ":" + filler;
                    client.send(m.length() + ":" + m + ",");
                }
            } catch (java.io.IOException e) {
                // closed by the test
            }
        }, "inbound-test-sender");
        sender.setDaemon(true);
        sender.start();
        return sender;
    }

    @Test
    void aFloodingClientDoesNotStarveAnotherOnASingleWorker() throws Exception {
        AtomicBoolean otherServed = new AtomicBoolean();
        AtomicInteger floodHandled = new AtomicInteger();
        EvapiListener listener = new EvapiListener() {
            @Override
            public void onMessage(EvapiConnection c, String message) {
                if (message.equals("other")) {
                    otherServed.set(true);
                } else {
                    floodHandled.incrementAndGet();
                    LockSupport.parkNanos(20_000); // slower than the flood arrives: its queue stays full
                }
            }
        };
        EvapiServer server = fixture.server(loopback().withWorkers(1), listener);
        RawClient flooding = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> server.connections().size() == 1);
        AtomicInteger floodSent = new AtomicInteger();
        Thread sender = new Thread(() -> {
            String burst = "5:flood,".repeat(100);
            try {
                // goes on until the other client is served (or the test gives up)
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!otherServed.get() && System.nanoTime() < giveUp) {
                    flooding.send(burst);
                    floodSent.addAndGet(100);
                }
            } catch (java.io.IOException e) {
                // the fixture closed the socket
            }
        });
        sender.setDaemon(true);
        sender.start();
        await().atMost(WAIT).until(() -> floodHandled.get() > 1024); // the flood is well under way

        Received other = fixture.client(server);
        other.client.send("other").join();
        await().atMost(WAIT).untilTrue(otherServed);
        assertThat(floodHandled.get()).as("the flood was still being handled").isLessThan(floodSent.get());
        flooding.close(); // the sender may be blocked on a full socket: this ends it
        sender.join(TimeUnit.SECONDS.toMillis(20));
    }

    @ParameterizedTest(name = "workers = {0}")
    @ValueSource(ints = {0, 1, 4})
    void eachConnectionSeesNewThenItsMessagesInOrderThenClosed(int workers) throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback().withWorkers(workers), recorder);
        int clients = 4;
        int messages = 500;
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            RawClient raw = RawClient.reading(server.localAddress());
            Thread t = new Thread(() -> {
                try (raw) {
                    StringBuilder burst = new StringBuilder();
                    for (int i = 1; i <= messages; i++) {
                        String m = Integer.toString(i);
                        burst.append(m.length()).append(':').append(m).append(',');
                        if (i % 50 == 0) {
                            raw.send(burst.toString());
                            burst.setLength(0);
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new RuntimeException(e);
                }
            });
            senders.add(t);
            t.start();
        }
        for (Thread t : senders) {
            t.join();
        }
        await().atMost(WAIT).until(() -> recorder.closed.size() == clients);
        List<String> expected = new ArrayList<>();
        expected.add("new");
        for (int i = 1; i <= messages; i++) {
            expected.add(Integer.toString(i));
        }
        expected.add("closed");
        assertThat(recorder.byConnection).hasSize(clients);
        recorder.byConnection.keySet().forEach(id ->
                assertThat(recorder.eventsOf(id)).as("connection %d", id).containsExactlyElementsOf(expected));
    }

    @Test
    void aFailingListenerKeepsNothingFromTheOthers() throws Exception {
        Recorder recorder = new Recorder();
        EvapiListener failing = new EvapiListener() {
            @Override
            public void onConnectionNew(EvapiConnection c) {
                throw new IllegalStateException("test: failing listener (expected in the log)");
            }

            @Override
            public void onMessage(EvapiConnection c, String message) {
                throw new IllegalStateException("test: failing listener (expected in the log)");
            }
        };
        EvapiServer server = fixture.server(loopback(), failing, recorder);
        RawClient raw = fixture.track(RawClient.reading(server.localAddress()));
        raw.send("1:a,1:b,");
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);
        long id = recorder.opened.get(0).id();
        await().atMost(WAIT).until(() -> recorder.eventsOf(id).size() == 3);
        raw.close();
        await().atMost(WAIT).until(() -> recorder.eventsOf(id).size() == 4);
        assertThat(recorder.eventsOf(id)).containsExactly("new", "a", "b", "closed");
    }

    @ParameterizedTest(name = "workers = {0}")
    @ValueSource(ints = {0, 1, 2})
    void anErrorThrownByAListenerReleasesTheQueueAndTheConnectionKeepsBeingServed(int workers) throws Exception {
        Recorder recorder = new Recorder();
        EvapiListener failing = new EvapiListener() {
            @Override
            public void onConnectionNew(EvapiConnection c) {
                throw new StackOverflowError("test: a route recursed too deep (expected in the log)");
            }

            @Override
            public void onMessage(EvapiConnection c, String message) {
                if (message.startsWith("boom")) {
                    throw new StackOverflowError("test: a route recursed too deep (expected in the log)");
                }
            }
        };
        EvapiServer server = fixture.server(loopback().withWorkers(workers), failing, recorder);
        RawClient raw = fixture.track(RawClient.reading(server.localAddress()));
        raw.send("5:boom1,1:a,5:boom2,1:b,");
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);
        long id = recorder.opened.get(0).id();
        await().atMost(WAIT).until(() -> recorder.eventsOf(id).contains("b"));
        raw.send("1:c,");
        await().atMost(WAIT).until(() -> recorder.eventsOf(id).contains("c"));
        assertThat(server.relay("still-served")).isEqualTo(1);
        await().atMost(WAIT).until(() -> raw.received().contains("12:still-served,"));
        raw.close();
        await().atMost(WAIT).until(() -> recorder.eventsOf(id).contains("closed"));
        assertThat(recorder.eventsOf(id)).containsExactly("new", "boom1", "a", "boom2", "b", "c", "closed");
    }

    @ParameterizedTest(name = "workers = {0}")
    @ValueSource(ints = {0, 2})
    void closeDuringConnectionNewDropsTheClientBeforeAnyMessage(int workers) throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback().withWorkers(workers));
        server.addListener(new EvapiListener() {
            @Override
            public void onConnectionNew(EvapiConnection c) {
                assertThat(server.close(c.conidx())).isTrue();
            }
        });
        server.addListener(recorder);
        RawClient raw = fixture.track(RawClient.reading(server.localAddress()));
        raw.send("5:early,5:again,");
        await().atMost(WAIT).until(raw::closedByServer);
        await().atMost(WAIT).until(() -> recorder.closed.size() == 1);
        assertThat(recorder.eventsOf(recorder.closed.get(0).id())).containsExactly("new", "closed");
        assertThat(server.metrics().framesIn()).isZero();
        assertThat(server.connections()).isEmpty();
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
