package io.evapi.core.server;

import static io.evapi.core.server.ServerFixture.WAIT;
import static io.evapi.core.server.ServerFixture.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.core.server.ServerFixture.Received;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EvapiServerBackpressureTest {
    private static final String EVENT = "e".repeat(200);

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void aStalledClientLosesEventsCountedWhileOthersGetEverything() throws Exception {
        EvapiServer server = fixture.server(loopback().withMaxPendingBytes(64 * 1024));
        fixture.track(RawClient.stalled(server.localAddress()));
        await().atMost(WAIT).until(() -> server.connections().size() == 1);
        Received a = fixture.client(server);
        Received b = fixture.client(server);

        int events = 20_000;
        long queuedForStalled = 0;
        for (int i = 1; i <= events; i++) {
            int n = server.relay(EVENT);
            assertThat(n).as("the two reading clients always get the event").isBetween(2, 3);
            queuedForStalled += n - 2;
            if (i % 200 == 0) {
                int sent = i;
                // pace the producer by the readers, so only the stalled client can be over its bound
                await().atMost(WAIT).until(() -> a.events.size() == sent && b.events.size() == sent);
            }
        }
        assertThat(a.snapshot()).hasSize(events).allMatch(EVENT::equals);
        assertThat(b.snapshot()).hasSize(events).allMatch(EVENT::equals);
        EvapiMetrics m = server.metrics();
        assertThat(m.dropped(DropReason.SLOW_CLIENT)).isEqualTo(events - queuedForStalled).isPositive();
        assertThat(server.connections()).hasSize(3);
    }

    @Test
    void closePolicyDisconnectsTheStalledClient() throws Exception {
        EvapiServer server = fixture.server(loopback().withMaxPendingBytes(64 * 1024)
                .withSlowClientPolicy(SlowClientPolicy.CLOSE));
        fixture.track(RawClient.stalled(server.localAddress()));
        await().atMost(WAIT).until(() -> server.connections().size() == 1);
        Received reader = fixture.client(server);

        int sent = 0;
        while (server.metrics().slowClientsClosed() == 0 && sent < 200_000) {
            server.relay(EVENT);
            sent++;
            if (sent % 200 == 0) {
                int expected = sent;
                await().atMost(WAIT).until(() -> reader.events.size() == expected);
            }
        }
        assertThat(server.metrics().slowClientsClosed()).isEqualTo(1);
        await().atMost(WAIT).until(() -> server.connections().size() == 1);
        assertThat(server.connections().get(0).conidx()).isEqualTo(1);
        int total = sent;
        await().atMost(WAIT).until(() -> reader.events.size() == total);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(SlowClientPolicy.class)
    void anEventLargerThanMaxPendingBytesIsDroppedAloneAndTheClientsStay(SlowClientPolicy policy) throws Exception {
        EvapiServer server = fixture.server(loopback().withMaxPendingBytes(4096).withSlowClientPolicy(policy));
        Received a = fixture.client(server);
        Received b = fixture.client(server);

        assertThat(server.relay("x".repeat(5000))).isZero();
        assertThat(server.relay("é".repeat(3000))).as("3000 chars, 6000 bytes in UTF-8").isZero();
        assertThat(server.unicast("y".repeat(5000), "none")).isZero();
        assertThat(server.relay("small")).isEqualTo(2);
        await().atMost(WAIT).until(() -> a.events.contains("small") && b.events.contains("small"));
        assertThat(a.snapshot()).containsExactly("small");
        assertThat(b.snapshot()).containsExactly("small");
        EvapiMetrics m = server.metrics();
        assertThat(m.slowClientsClosed()).isZero();
        assertThat(m.dropped(DropReason.SLOW_CLIENT)).isZero();
        assertThat(m.dropped(DropReason.TOO_LARGE)).isEqualTo(3);
        assertThat(server.connections()).hasSize(2);
        assertThat(a.client.isConnected()).isTrue();
    }

    @Test
    void sendDataTimeoutClosesAClientWhoseWritesMakeNoProgress() throws Exception {
        EvapiServer server = fixture.server(loopback().withSendDataTimeoutMillis(300));
        fixture.track(RawClient.stalled(server.localAddress()));
        await().atMost(WAIT).until(() -> server.connections().size() == 1);
        Received idle = fixture.client(server);
        server.close(1); // only the stalled client remains; an idle client with nothing pending must survive

        String big = "x".repeat(16 * 1024);
        for (int i = 0; i < 200 && server.relay(big) == 1; i++) {
            // fill the socket buffers so writes stop progressing
        }
        // events keep coming while the client is stuck: frames queued behind a stuck one are no progress
        await().atMost(WAIT).until(() -> {
            server.relay("tick");
            return server.connections().isEmpty();
        });
        assertThat(server.metrics().slowClientsClosed()).isEqualTo(1);
        assertThat(idle.client.isConnected()).isFalse();
    }

    @Test
    void idleClientsSurviveTheSendDataTimeout() throws Exception {
        EvapiServer server = fixture.server(loopback().withSendDataTimeoutMillis(100));
        Received idle = fixture.client(server);
        server.relay("one");
        await().atMost(WAIT).until(() -> idle.events.size() == 1);
        // several timeout periods pass with nothing pending; the client must still be served afterwards
        await().pollDelay(java.time.Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
        assertThat(server.relay("two")).isEqualTo(1);
        await().atMost(WAIT).until(() -> idle.events.size() == 2);
        assertThat(server.metrics().slowClientsClosed()).isZero();
    }

    @Test
    void anIdleClientIsClosedAndCountedAndAnActiveOneStays() throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback().withIdleTimeoutMillis(2_000), recorder);
        Received active = fixture.client(server);
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);
        EvapiConnection a = recorder.opened.get(0);
        assertThat(server.setTag(a.conidx(), a.id(), "active")).isTrue();
        RawClient idle = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 2);

        // events for the active client only; it also sends keep-alives: each way counts as activity
        await().atMost(WAIT).until(() -> {
            server.multicast("tick", "active");
            active.client.send("");
            return idle.closedByServer();
        });
        assertThat(server.metrics().idleClientsClosed()).isEqualTo(1);
        await().atMost(WAIT).until(() -> recorder.closed.size() == 1);
        assertThat(recorder.closed.get(0).remotePort()).isEqualTo(idle.localPort());
        assertThat(active.client.isConnected()).isTrue();
        assertThat(server.connections()).extracting(EvapiConnection::id).containsExactly(a.id());
    }

    @Test
    void aClientTheServerIsNotReadingYetIsNotIdle() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        EvapiListener holdFirst = new EvapiListener() {
            @Override
            public void onConnectionNew(EvapiConnection c) {
                if (c.conidx() == 0) {
                    try { // reading starts only after connection-new: the client has no chance to be active
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        EvapiServer server = fixture.server(loopback().withIdleTimeoutMillis(500).withWorkers(2), holdFirst,
                recorder);
        RawClient held = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> server.connections().size() == 1);
        // two idle clients in turn, each connecting after the other was closed: the held one waited longer
        for (int i = 0; i < 2; i++) {
            RawClient idle = fixture.track(RawClient.reading(server.localAddress()));
            await().atMost(WAIT).until(idle::closedByServer);
        }
        assertThat(held.closedByServer()).isFalse();
        assertThat(server.metrics().idleClientsClosed()).isEqualTo(2);
        release.countDown();
        held.send("1:x,");
        await().atMost(WAIT).until(() -> recorder.opened.size() == 3);
        long heldId = recorder.opened.stream().filter(c -> c.remotePort() == held.localPort()).findFirst()
                .orElseThrow().id();
        await().atMost(WAIT).until(() -> recorder.eventsOf(heldId).contains("x"));
    }

    @Test
    void contextLimitRefusesSendsWhenTooMuchIsWaiting() throws Exception {
        EvapiServer server = fixture.server(loopback().withMaxQueuedEvents(500));
        fixture.track(RawClient.stalled(server.localAddress()));
        await().atMost(WAIT).until(() -> server.connections().size() == 1);

        String event = "c".repeat(1000);
        int refused = 0;
        for (int i = 0; i < 100_000 && refused == 0; i++) {
            if (server.relay(event) == -1) {
                refused++;
            }
        }
        assertThat(refused).isEqualTo(1);
        assertThat(server.metrics().dropped(DropReason.CONTEXT_LIMIT)).isEqualTo(1);

        // The stalled client's frames leave the count when it is closed: sends are accepted again.
        server.close(0);
        await().atMost(WAIT).until(() -> server.connections().isEmpty());
        assertThat(server.relay(event)).isZero();
        Received fresh = fixture.client(server);
        assertThat(server.relay(event)).isEqualTo(1);
        await().atMost(WAIT).until(() -> fresh.events.size() == 1);
    }
}
