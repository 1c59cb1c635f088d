package io.evapi.core.server;

import static org.awaitility.Awaitility.await;

import io.evapi.core.client.EvapiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Starts servers on a free loopback port and clients that record what they receive; closes all after. */
final class ServerFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    static {
        // conditions here flip within milliseconds; polling often keeps the suite short, not the limits
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(5));
    }

    private final List<AutoCloseable> resources = new ArrayList<>();

    EvapiServer server(EvapiServerConfig config, EvapiListener... listeners) throws InterruptedException {
        EvapiServer server = EvapiServer.start(config, listeners);
        resources.add(0, server);
        return server;
    }

    static EvapiServerConfig loopback() {
        return EvapiServerConfig.defaults().withBindAddr("127.0.0.1:0");
    }

    /** A client collecting the events it receives; returns once the server has given it a slot. */
    Received client(EvapiServer server) {
        int before = server.connections().size();
        Received received = new Received();
        EvapiClient client = EvapiClient.builder("127.0.0.1", server.localAddress().getPort())
                .reconnect(false).onFrame(received.events::add).build();
        resources.add(0, client);
        client.connect().join();
        received.client = client;
        await().atMost(WAIT).until(() -> server.connections().size() > before);
        return received;
    }

    <T extends AutoCloseable> T track(T resource) {
        resources.add(0, resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    static final class Received {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        EvapiClient client;

        List<String> snapshot() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }
    }
}
