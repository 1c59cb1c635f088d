package io.evapi.proxy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evapi.core.client.EvapiClient;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.sip.engine.SipEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** demo/demo.cfg against answers the RoutingApp never sends, and the RoutingApp against plain events. */
class DemoConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    private RoutingDemo demo;
    private EvapiClient app;

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        if (demo != null) {
            SipEngine engine = demo.proxy().engine();
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                assertThat(engine.suspendedTransactions()).as("suspended left").isZero();
                assertThat(engine.liveTransactions()).as("transactions left").isZero();
            });
            demo.close();
        }
    }

    /** An application that answers each call with the ids and whatever {@code decide} adds. */
    private void answerWith(Consumer<ObjectNode> decide) throws Exception {
        EvapiClient[] self = new EvapiClient[1];
        java.util.concurrent.CompletableFuture<Void> welcomed = new java.util.concurrent.CompletableFuture<>();
        app = EvapiClient.builder("127.0.0.1", demo.ports().evapi()).onFrame(frame -> {
            try {
                ObjectNode event = (ObjectNode) JSON.readTree(frame);
                if (!event.has("index")) {
                    welcomed.complete(null);
                    return;
                }
                ObjectNode answer = JSON.createObjectNode();
                answer.set("index", event.get("index"));
                answer.set("label", event.get("label"));
                decide.accept(answer);
                self[0].send(answer.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).build();
        self[0] = app;
        app.connect().join();
        welcomed.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void unusableDecisionsGet500AndTheNextCallIsNotAffected() throws Exception {
        demo = RoutingDemo.start(RoutingDemoTest.freePorts(), Duration.ofSeconds(20));
        answerWith(a -> a.put("action", "dance"));
        assertThat(demo.call(1, "alice", out).statusText()).isEqualTo("500 Bad Decision");
        app.close();
        answerWith(a -> a.put("action", "reject").put("code", 200).put("reason", "Fine"));
        await().atMost(Duration.ofSeconds(10)).until(() -> demo.call(2, "alice", out).status() == 500);
        app.close();
        answerWith(a -> a.put("action", "reject").put("code", 603).put("reason", "Decline"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> demo.call(3, "alice", out).statusText().equals("603 Decline"));
    }

    @Test
    void routingAppLogsPlainEventsAndDecidesNothingForThem() throws Exception {
        int evapi;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            evapi = s.getLocalPort();
        }
        String config = """
                loadmodule "evapi.so"
                modparam("evapi", "bind_addr", "127.0.0.1:%d")
                listen=udp:127.0.0.1:%d
                event_route[evapi:connection-new] {
                    evapi_relay("{\\"event\\":\\"welcome\\"}");
                    evapi_relay("not json");
                }
                request_route { exit; }
                """.formatted(evapi, io.evapi.sip.testkit.FreePorts.udpAndTcp());
        try (RunningProxy proxy = RunningProxy.start(ProxyHost.load(config, "plain.cfg"));
                RoutingApp routing = new RoutingApp("127.0.0.1", evapi, DemoResources.routing(DemoPorts.DEFAULTS),
                        (callId, index, label, decision) -> { })) {
            routing.start().get(10, java.util.concurrent.TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> routing.plainEvents() == 2);
            assertThat(routing.decided()).isZero();
        }
    }
}
