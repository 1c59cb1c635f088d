package io.evapi.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.evapi.core.server.EvapiListener;
import io.evapi.core.server.EvapiConnection;
import io.evapi.core.server.EvapiServer;
import io.evapi.core.server.EvapiServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EvapiClientTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void sendsAndReceivesAndReconnectsAfterAServerRestart() throws Exception {
        List<String> fromClient = new CopyOnWriteArrayList<>();
        EvapiListener collect = new EvapiListener() {
            @Override
            public void onMessage(EvapiConnection c, String message) {
                fromClient.add(message);
            }
        };
        EvapiServer server = EvapiServer.start(EvapiServerConfig.defaults().withBindAddr("127.0.0.1:0"));
        server.addListener(collect);
        int port = server.localAddress().getPort();
        List<String> received = new CopyOnWriteArrayList<>();
        try (EvapiClient client = EvapiClient.builder("127.0.0.1", port)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .onFrame(received::add).build()) {
            client.connect().join();
            client.send("{\"hello\":1}").join();
            await().atMost(WAIT).until(() -> fromClient.contains("{\"hello\":1}"));
            await().atMost(WAIT).until(() -> server.relay("first") == 1);
            await().atMost(WAIT).until(() -> received.contains("first"));

            server.close();
            await().atMost(WAIT).until(() -> !client.isConnected());
            assertThatThrownBy(() -> client.send("lost").join()).isInstanceOf(CompletionException.class)
                    .hasMessageContaining("not connected");

            EvapiServer again = EvapiServer.start(EvapiServerConfig.defaults().withBindAddr("127.0.0.1:" + port));
            try {
                await().atMost(WAIT).until(client::isConnected);
                await().atMost(WAIT).until(() -> again.relay("second") == 1);
                await().atMost(WAIT).until(() -> received.contains("second"));
            } finally {
                again.close();
            }
        }
    }

    @Test
    void callbacksFollowTheConnectionAndConnectIsIdempotent() throws Exception {
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger disconnected = new AtomicInteger();
        EvapiServer server = EvapiServer.start(EvapiServerConfig.defaults().withBindAddr("127.0.0.1:0"));
        int port = server.localAddress().getPort();
        try (EvapiClient client = EvapiClient.builder("127.0.0.1", port)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .onConnected(connected::incrementAndGet)
                .onDisconnected(disconnected::incrementAndGet)
                .onFrame(frame -> {
                    throw new IllegalStateException("a failing callback must not break the client");
                })
                .build()) {
            CompletableFuture<Void> first = client.connect();
            assertThat(client.connect()).isSameAs(first);
            first.join();
            await().atMost(WAIT).until(() -> server.connections().size() == 1);
            assertThat(connected.get()).isEqualTo(1);
            assertThat(server.relay("boom")).isEqualTo(1);
            assertThat(server.relay("boom again")).isEqualTo(1);
            await().atMost(WAIT).until(() -> server.metrics().delivered() == 2);

            int conidx = server.connections().get(0).conidx();
            server.close(conidx);
            await().atMost(WAIT).until(() -> disconnected.get() == 1 && connected.get() == 2);
            await().atMost(WAIT).until(client::isConnected);
        } finally {
            server.stop();
        }
        assertThat(disconnected.get()).as("closing the client is not reported as a loss").isEqualTo(1);
    }

    @Test
    void rawModeSendsLines() throws Exception {
        List<String> fromClient = new CopyOnWriteArrayList<>();
        try (EvapiServer server = EvapiServer.start(EvapiServerConfig.defaults().withBindAddr("127.0.0.1:0")
                .withNetstringFormat(false))) {
            server.addListener(new EvapiListener() {
                @Override
                public void onMessage(EvapiConnection c, String message) {
                    fromClient.add(message);
                }
            });
            try (EvapiClient client = EvapiClient.builder("127.0.0.1", server.localAddress().getPort())
                    .netstringFormat(false).build()) {
                client.connect().join();
                client.send("line one").join();
                client.send("line two").join();
                await().atMost(WAIT).until(() -> fromClient.size() == 2);
                assertThat(fromClient).containsExactly("line one", "line two");
                assertThatThrownBy(() -> client.send("two\nlines").join())
                        .hasCauseInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void connectFailsWhenNobodyListensAndConfigIsValidated() {
        try (EvapiClient client = EvapiClient.builder("127.0.0.1", 1).reconnect(false).build()) {
            assertThatThrownBy(() -> client.connect().join()).isInstanceOf(CompletionException.class);
        }
        assertThatThrownBy(() -> EvapiClient.builder("127.0.0.1", 0).config())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvapiClient.builder("h", 1).backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .config()).isInstanceOf(IllegalArgumentException.class);
    }
}
