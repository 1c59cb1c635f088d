package io.evapi.core.server;

import static io.evapi.core.server.ServerFixture.WAIT;
import static io.evapi.core.server.ServerFixture.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.evapi.core.server.ServerFixture.Received;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvapiServerSendTest {
    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void relayReachesEveryClientInOrder() throws Exception {
        EvapiServer server = fixture.server(loopback());
        List<Received> clients = List.of(fixture.client(server), fixture.client(server), fixture.client(server));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String event = "{\"n\":" + i + ",\"text\":\"é\"}";
            sent.add(event);
            assertThat(server.relay(event)).isEqualTo(3);
        }
        for (Received r : clients) {
            await().atMost(WAIT).until(() -> r.events.size() == sent.size());
            assertThat(r.snapshot()).containsExactlyElementsOf(sent);
        }
        EvapiMetrics m = server.metrics();
        assertThat(m.eventsRelayed()).isEqualTo(500);
        assertThat(m.deliveriesQueued()).isEqualTo(1500);
        await().atMost(WAIT).until(() -> server.metrics().delivered() == 1500);
    }

    @Test
    void wireBytesAreExactNetstrings() throws Exception {
        EvapiServer server = fixture.server(loopback());
        RawClient raw = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> server.connections().size() == 1);
        String payload = "{ \"event\": \"test\",\n \"data\": { \"fU\": \"test\" }\n}";
        assertThat(server.relay(payload)).isEqualTo(1);
        assertThat(server.relay("é")).isEqualTo(1);
        String expected = "46:" + payload + ",2:é,";
        await().atMost(WAIT).until(() -> raw.received().equals(expected));
    }

    @Test
    void relayWritesTheSameExactBytesToThreeClients() throws Exception {
        EvapiServer server = fixture.server(loopback());
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(fixture.track(RawClient.reading(server.localAddress())));
        }
        await().atMost(WAIT).until(() -> server.connections().size() == 3);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String event = "{\"n\":" + i + ",\"text\":\"ü€\"}";
            expected.append(event.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append(':')
                    .append(event).append(',');
            assertThat(server.relay(event)).isEqualTo(3);
        }
        for (RawClient c : clients) {
            await().atMost(WAIT).until(() -> c.received().length() >= expected.length());
            assertThat(c.received()).isEqualTo(expected.toString());
        }
        await().atMost(WAIT).until(() -> server.metrics().delivered() == 600);
        assertThat(server.metrics().bytesOut())
                .isEqualTo(3L * expected.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void clientsConnectingOneAfterAnotherEachGetTheEchoOfTheirOwnMessagesOnly() throws Exception {
        java.util.concurrent.atomic.AtomicReference<EvapiServer> started =
                new java.util.concurrent.atomic.AtomicReference<>();
        EvapiServer server = fixture.server(loopback().withWorkers(2), new EvapiListener() {
            @Override
            public void onMessage(EvapiConnection c, String message) {
                started.get().relay(message); // the echo of evapi_relay("$evapi(msg)") in a route
            }
        });
        started.set(server);
        for (int i = 0; i < 300; i++) {
            String n = Integer.toString(i);
            String stream = (6 + n.length()) + ":hello-" + n + "," + (4 + n.length()) + ":end-" + n + ",";
            byte[] bytes = stream.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.localAddress().getPort())) {
                s.setSoTimeout((int) WAIT.toMillis());
                int split = 1 + i % (bytes.length - 1); // anywhere in a frame: read at once, answered at once
                s.getOutputStream().write(bytes, 0, split);
                s.getOutputStream().write(bytes, split, bytes.length - split);
                // its own events, none of the previous client's (a relay still running when it connected)
                assertThat(new String(s.getInputStream().readNBytes(bytes.length),
                        java.nio.charset.StandardCharsets.UTF_8)).as("client %d", i).isEqualTo(stream);
            }
        }
    }

    @Test
    void relayWithNoClientReturnsZero() throws Exception {
        EvapiServer server = fixture.server(loopback());
        assertThat(server.relay("x")).isZero();
        assertThat(server.hasConnection(null)).isFalse();
        assertThat(server.multicast("x", "a")).isZero();
        assertThat(server.unicast("x", "a")).isZero();
    }

    @Test
    void multicastReachesOnlyTheTagged() throws Exception {
        EvapiServer server = fixture.server(loopback());
        Received c0 = fixture.client(server);
        Received c1 = fixture.client(server);
        Received c2 = fixture.client(server);
        assertThat(server.setTag(0, "a")).isTrue();
        assertThat(server.setTag(2, "a")).isTrue();
        assertThat(server.setTag(1, "b")).isTrue();

        assertThat(server.hasConnection("a")).isTrue();
        assertThat(server.hasConnection("zz")).isFalse();
        assertThat(server.multicast("for-a", "a")).isEqualTo(2);
        assertThat(server.relay("marker")).isEqualTo(3);
        // Each connection's events arrive in order, so once the marker is in, anything before it is too.
        for (Received r : List.of(c0, c1, c2)) {
            await().atMost(WAIT).until(() -> r.events.contains("marker"));
        }
        assertThat(c0.snapshot()).containsExactly("for-a", "marker");
        assertThat(c2.snapshot()).containsExactly("for-a", "marker");
        assertThat(c1.snapshot()).containsExactly("marker");
    }

    @Test
    void unicastReachesExactlyTheLowestIndexedMatch() throws Exception {
        EvapiServer server = fixture.server(loopback());
        Received c0 = fixture.client(server);
        Received c1 = fixture.client(server);
        Received c2 = fixture.client(server);
        server.setTag(1, "a");
        server.setTag(2, "a");

        assertThat(server.unicast("one", "a")).isEqualTo(1);
        assertThat(server.unicast("nobody", "zz")).isZero();
        server.relay("marker");
        for (Received r : List.of(c0, c1, c2)) {
            await().atMost(WAIT).until(() -> r.events.contains("marker"));
        }
        assertThat(c1.snapshot()).containsExactly("one", "marker");
        assertThat(c0.snapshot()).containsExactly("marker");
        assertThat(c2.snapshot()).containsExactly("marker");
    }

    @ParameterizedTest(name = "workers = {0}")
    @ValueSource(ints = {0, 2})
    void aClosingClientIsNoLongerAConnectionForItsTag(int workers) throws Exception {
        EvapiServer server = fixture.server(loopback().withWorkers(workers));
        List<Boolean> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.addListener(new EvapiListener() {
            @Override
            public void onConnectionNew(EvapiConnection c) {
                server.setTag(c.conidx(), "t");
                seen.add(server.hasConnection("t"));
                server.close(c.conidx(), c.id());
                // the slot is freed only once the channel is closed, on its I/O thread; the client is closing now
                seen.add(server.hasConnection("t"));
                seen.add(server.hasConnection(null));
            }
        });
        RawClient raw = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> seen.size() == 3);
        assertThat(seen).containsExactly(true, false, false);
        await().atMost(WAIT).until(raw::closedByServer);
    }

    @Test
    void tagsAreCheckedAndUnknownSlotsReported() throws Exception {
        EvapiServer server = fixture.server(loopback());
        fixture.client(server);
        assertThatThrownBy(() -> server.setTag(0, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.setTag(0, "x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 64");
        assertThat(server.setTag(0, "x".repeat(64))).isTrue();
        assertThat(server.connections().get(0).tag()).hasSize(64);
        assertThat(server.setTag(5, "a")).isFalse();
        assertThat(server.setTag(-1, "a")).isFalse();
    }
}
