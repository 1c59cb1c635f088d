package io.evapi.core.server;

import static io.evapi.core.server.ServerFixture.WAIT;
import static io.evapi.core.server.ServerFixture.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class EvapiServerConnectionsTest {
    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void connectionsOverMaxClientsAreClosedWithoutEvents() throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback().withMaxClients(2), recorder);
        fixture.track(RawClient.reading(server.localAddress()));
        fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 2);
        RawClient third = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(third::closedByServer);

        assertThat(server.metrics().connectionsRefused()).isEqualTo(1);
        assertThat(server.metrics().connectionsOpen()).isEqualTo(2);
        assertThat(recorder.opened).hasSize(2);
        assertThat(recorder.closed).isEmpty();
        assertThat(server.connections()).extracting(EvapiConnection::conidx).containsExactly(0, 1);
    }

    @Test
    void aReusedSlotIsTheLowestFreeAndStartsWithoutTag() throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback(), recorder);
        RawClient first = RawClient.reading(server.localAddress());
        // one at a time: accepted connections may be set up on different I/O threads
        await().atMost(WAIT).until(() -> server.connections().size() == 1);
        fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> server.connections().size() == 2);
        assertThat(server.connections().get(0).remotePort()).isEqualTo(first.localPort());
        server.setTag(0, "old");

        first.close();
        await().atMost(WAIT).until(() -> recorder.closed.size() == 1);
        RawClient third = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> server.connections().size() == 2);

        EvapiConnection reused = server.connections().get(0);
        assertThat(reused.conidx()).isZero();
        assertThat(reused.remotePort()).isEqualTo(third.localPort());
        assertThat(reused.tag()).isNull();
        assertThat(server.multicast("x", "old")).isZero();
    }

    @Test
    void slotsFollowTheOrderClientsConnectedInEvenWhenAnIoThreadIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // workers = 0 runs listeners on the I/O threads: the first client's connection-new holds its thread, as
        // a loop busy with other clients would. Clients landing on that thread must not lose their turn.
        EvapiListener holdFirst = new EvapiListener() {
            @Override
            public void onConnectionNew(EvapiConnection c) {
                if (c.conidx() == 0) {
                    awaitRelease(release);
                }
            }
        };
        int clients = 3 * 2 * Runtime.getRuntime().availableProcessors() + 1; // Netty: 2 I/O threads per core
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback().withWorkers(0).withMaxClients(clients), holdFirst, recorder);
        List<Integer> ports = new java.util.ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ports.add(fixture.track(RawClient.reading(server.localAddress())).localPort()); // one after another
        }
        release.countDown();
        await().atMost(WAIT).until(() -> recorder.opened.size() == clients);
        assertThat(server.connections()).extracting(EvapiConnection::remotePort)
                .as("ports in conidx order").containsExactlyElementsOf(ports);
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTagOrCloseMeantForAClientThatLeftMissesTheNextClientInItsSlot() throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback(), recorder);
        RawClient first = RawClient.reading(server.localAddress());
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);
        EvapiConnection old = recorder.opened.get(0);
        assertThat(server.setTag(old.conidx(), old.id(), "app")).isTrue();
        first.close();
        await().atMost(WAIT).until(() -> recorder.closed.size() == 1);

        RawClient second = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 2);
        EvapiConnection now = recorder.opened.get(1);
        assertThat(now.conidx()).as("the same slot").isEqualTo(old.conidx());

        // a late message of the client that left (say, its script route runs now) tags and closes by its ids
        assertThat(server.setTag(old.conidx(), old.id(), "late")).isFalse();
        assertThat(server.close(old.conidx(), old.id())).isFalse();
        assertThat(now.tag()).isNull();
        assertThat(server.multicast("x", "late")).isZero();
        assertThat(server.relay("still-connected")).isEqualTo(1);
        await().atMost(WAIT).until(() -> second.received().equals("15:still-connected,"));

        assertThat(server.setTag(now.conidx(), now.id(), "app")).isTrue();
        assertThat(server.connections().get(0).tag()).isEqualTo("app");
    }

    @Test
    void listenersGivenToStartSeeEvenAClientThatConnectsTheMomentThePortOpens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        java.util.concurrent.CompletableFuture<RawClient> early = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    while (true) { // knocks until the port opens: connects as early as any client could
                        try {
                            return RawClient.reading(new java.net.InetSocketAddress("127.0.0.1", port));
                        } catch (IOException notYet) {
                            Thread.onSpinWait();
                        }
                    }
                });
        Recorder recorder = new Recorder();
        EvapiServer server = EvapiServer.start(loopback().withBindAddr("127.0.0.1:" + port), recorder);
        fixture.track(server);
        RawClient client = fixture.track(early.get(20, TimeUnit.SECONDS));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);
        assertThat(recorder.opened.get(0).remotePort()).isEqualTo(client.localPort());
    }

    @Test
    void aListenerAddedAfterStartMissesClientsThatConnectedBefore() throws Exception {
        Recorder early = new Recorder();
        EvapiServer server = fixture.server(loopback(), early);
        fixture.track(RawClient.reading(server.localAddress()));
        // the first client's connection-new has run (a slot is taken at accept, the listeners are called after)
        await().atMost(WAIT).until(() -> early.opened.size() == 1);
        Recorder late = new Recorder();
        server.addListener(late);
        RawClient second = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> late.opened.size() == 1);
        assertThat(late.opened).extracting(EvapiConnection::remotePort).containsExactly(second.localPort());
    }

    @Test
    void anAddressInUseFailsClearlyAndStopIsIdempotent() throws Exception {
        EvapiServer server = fixture.server(loopback());
        String taken = "127.0.0.1:" + server.localAddress().getPort();
        assertThatThrownBy(() -> EvapiServer.start(EvapiServerConfig.defaults().withBindAddr(taken)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(taken);
        server.stop();
        server.stop();
        assertThat(server.relay("after stop")).isZero();
    }

    @Test
    void rawModeSplitsLinesInAndWritesPayloadsOut() throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback().withNetstringFormat(false), recorder);
        RawClient raw = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);
        long id = recorder.opened.get(0).id();

        raw.send("hello\r\nwor");
        raw.send("ld\n\n5:not,a netstring\n");
        await().atMost(WAIT).until(() -> recorder.eventsOf(id).size() == 4);
        assertThat(recorder.eventsOf(id)).containsExactly("new", "hello", "world", "5:not,a netstring");

        server.relay("{\"raw\":true}");
        server.relay("second");
        await().atMost(WAIT).until(() -> raw.received().equals("{\"raw\":true}second"));
    }

    @Test
    void bindsIpv6Loopback() throws Exception {
        Assumptions.assumeTrue(ipv6LoopbackUsable(), "no IPv6 loopback on this machine");
        EvapiServer server = fixture.server(EvapiServerConfig.defaults().withBindAddr("[::1]:0"));
        assertThat(server.localAddress().getAddress()).isInstanceOf(Inet6Address.class);
        RawClient raw = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> server.connections().size() == 1);
        assertThat(server.connections().get(0).remoteAddress()).isIn("0:0:0:0:0:0:0:1", "::1");
        server.relay("v6");
        await().atMost(WAIT).until(() -> raw.received().equals("2:v6,"));
    }

    private static boolean ipv6LoopbackUsable() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return NetworkInterface.getByInetAddress(s.getInetAddress()) != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void closeFromAnotherThreadDisconnectsAndReportsClosed() throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback(), recorder);
        RawClient raw = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);

        Thread closer = new Thread(() -> server.close(0));
        closer.start();
        closer.join();
        await().atMost(WAIT).until(raw::closedByServer);
        await().atMost(WAIT).until(() -> recorder.closed.size() == 1);
        assertThat(server.close(0)).isFalse();
        assertThat(server.connections()).isEmpty();
    }

    @Test
    void listenerOrderHoldsPerConnectionWithFourWorkers() throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback().withWorkers(4), recorder);
        int clients = 6;
        int messages = 300;
        Thread[] senders = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            RawClient raw = RawClient.reading(server.localAddress());
            senders[c] = new Thread(() -> {
                try (raw) {
                    for (int i = 1; i <= messages; i++) {
                        String m = Integer.toString(i);
                        raw.send(m.length() + ":" + m + ",");
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            senders[c].start();
        }
        for (Thread t : senders) {
            t.join();
        }
        await().atMost(WAIT).until(() -> recorder.closed.size() == clients);
        List<String> expected = new java.util.ArrayList<>();
        expected.add("new");
        for (int i = 1; i <= messages; i++) {
            expected.add(Integer.toString(i));
        }
        expected.add("closed");
        assertThat(recorder.byConnection).hasSize(clients);
        for (Long id : recorder.byConnection.keySet()) {
            assertThat(recorder.eventsOf(id)).as("connection %d", id).containsExactlyElementsOf(expected);
        }
        assertThat(server.metrics().framesIn()).isEqualTo((long) clients * messages);
    }
}
