package io.evapi.proxy.modules.evapi;

import static org.awaitility.Awaitility.await;

import io.evapi.core.client.EvapiClient;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.proxy.script.RunResult;
import io.evapi.sip.engine.message.ParsedSipMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs a config with the evapi module on a free loopback port, and real clients against it. */
final class EvapiHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final int port;
    final CompiledConfig config;
    private final List<AutoCloseable> closing = new ArrayList<>();

    EvapiHarness(String configText) throws Exception {
        this.port = freePort();
        this.config = ConfigLoader.load(configText.replace("@PORT@", String.valueOf(port)), "evapi-test.cfg", null);
        config.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A connected client recording every event it receives. */
    Client client() {
        Client c = new Client();
        c.client = EvapiClient.builder("127.0.0.1", port).reconnect(false).onFrame(c.events::add).build();
        closing.add(0, c.client);
        c.client.connect().join();
        return c;
    }

    <T extends AutoCloseable> T track(T resource) {
        closing.add(0, resource);
        return resource;
    }

    RunResult request(String sipText) throws Exception {
        return config.runRequestRoute(ParsedSipMessage.parse(sipText, "127.0.0.1", 5060));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        config.stop();
    }

    static final class Client {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        EvapiClient client;

        void send(String message) {
            client.send(message).join();
        }

        void awaitEvent(String event) {
            await().atMost(WAIT).until(() -> events.contains(event));
        }

        List<String> snapshot() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }
    }

    static String message(String fromUser, String body) {
        return """
                MESSAGE sip:bob@127.0.0.1 SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-%s
                Max-Forwards: 70
                To: <sip:bob@127.0.0.1>
                From: <sip:%s@127.0.0.1>;tag=1
                Call-ID: %s@127.0.0.1
                CSeq: 1 MESSAGE
                Content-Length: 0

                """.formatted(body, fromUser, body);
    }
}
