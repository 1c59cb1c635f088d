package io.evapi.proxy.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evapi.core.client.EvapiClient;
import io.evapi.sip.engine.SipEngine;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.Sipp;
import io.evapi.sip.testkit.SippResult;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kamailio evapi documentation flow end to end: the script suspends the request with evapi_async_relay, a
 * netstring application answers with the transaction ids, message-received calls t_continue, and RESUME
 * replies or relays. sipp on the SIP side, a real evapi client on the other.
 */
class AsyncRoutingTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            #!KAMAILIO
            listen=udp:127.0.0.1:@SIP@
            loadmodule "pv.so"
            loadmodule "sl.so"
            loadmodule "tm.so"
            loadmodule "tmx.so"
            loadmodule "rr.so"
            loadmodule "siputils.so"
            loadmodule "textops.so"
            loadmodule "jansson.so"
            loadmodule "evapi.so"
            modparam("evapi", "bind_addr", "127.0.0.1:@EVAPI@")
            modparam("evapi", "workers", 2)
            modparam("tm", "fr_timer", @FR@)

            request_route {
                if (has_totag()) {
                    if (loose_route()) { t_relay(); exit; }
                    if (is_method("ACK") && t_check_trans()) { t_relay(); }
                    exit;
                }
                if (is_method("CANCEL")) {
                    if (t_check_trans()) { t_relay(); }
                    exit;
                }
                if (is_method("INVITE")) { record_route(); }
                $avp(caller) = $fU;
                t_on_failure("APP_SILENT");
                if (!evapi_async_relay("{ \\"event\\": \\"suspend\\",\\n \\"data\\":"
                        " { \\"index\\": \\"$T(id_index)\\", \\"label\\": \\"$T(id_label)\\" }\\n}")) {
                    sl_send_reply("503", "No Application");
                }
                exit;
            }

            event_route[evapi:message-received] {
                if (jansson_get("data.index", $evapi(msg), "$var(tindex)") < 0
                        || jansson_get("data.label", $evapi(msg), "$var(tlabel)") < 0) {
                    evapi_relay("{\\"error\\":\\"bad answer\\"}");
                    exit;
                }
                $var(route) = "RESUME";
                jansson_get("route", $evapi(msg), "$var(route)");
                t_continue("$var(tindex)", "$var(tlabel)", "$var(route)");
                evapi_relay("{\\"continued\\":$rc,\\"index\\":$var(tindex)}");
            }

            route[RESUME] {
                if (is_method("OPTIONS")) {
                    t_reply("200", "Resumed $avp(caller)");
                    exit;
                }
                $du = "sip:127.0.0.1:@UAS@";
                t_relay();
            }

            failure_route[APP_SILENT] {
                evapi_relay("{\\"timeout\\":\\"$ci\\",\\"status\\":$rs}");
            }
            """;

    private RunningProxy proxy;
    private EvapiClient app;
    private int sipPort;
    private int evapiPort;
    private final List<String> appSaw = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        if (proxy != null) {
            SipEngine engine = proxy.engine();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(engine.suspendedTransactions()).as("suspended left").isZero();
                assertThat(engine.liveTransactions()).as("transactions left").isZero();
            });
            proxy.close();
        }
    }

    private void start(int uasPort, long frTimer) throws Exception {
        sipPort = FreePorts.udpAndTcp();
        try (ServerSocket s = new ServerSocket(0)) {
            evapiPort = s.getLocalPort();
        }
        String text = CONFIG.replace("@SIP@", "" + sipPort).replace("@EVAPI@", "" + evapiPort)
                .replace("@UAS@", "" + uasPort).replace("@FR@", "" + frTimer);
        proxy = RunningProxy.start(ProxyHost.load(text, "async.cfg"));
    }

    /** Connects an application that answers each suspend event with what {@code answer} returns. */
    private void app(Function<JsonNode, List<String>> answer) {
        EvapiClient[] holder = new EvapiClient[1];
        app = EvapiClient.builder("127.0.0.1", evapiPort).reconnect(false).onFrame(frame -> {
            appSaw.add(frame);
            try {
                JsonNode event = JSON.readTree(frame);
                if ("suspend".equals(event.path("event").asText())) {
                    answer.apply(event).forEach(reply -> holder[0].send(reply));
                }
            } catch (Exception e) {
                appSaw.add("app error: " + e);
            }
        }).build();
        holder[0] = app;
        app.connect().join();
        await().atMost(Duration.ofSeconds(10)).until(app::isConnected);
    }

    private static List<String> echoIds(JsonNode event) {
        return List.of(event.toString());
    }

    private SippResult uac(Sipp scenario, String service, int calls, int rate) {
        return scenario.remote("127.0.0.1:" + sipPort).localPort(FreePorts.udpAndTcp()).service(service)
                .calls(calls).rate(rate).timeout(LIMIT).run();
    }

    @Test
    void thousandOptionsResumedWith200() throws Exception {
        start(1, 30_000);
        app(AsyncRoutingTest::echoIds);
        SippResult uac = uac(Scenarios.uacExpecting("OPTIONS", 200, 70), "bob", 1000, 200);
        assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(1000);
        assertThat(uac.failedCalls()).as(uac.describe()).isZero();
    }

    @Test
    void thousandInviteCallsResumedAndRelayedToTheUas() throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        start(uasPort, 30_000);
        app(AsyncRoutingTest::echoIds);
        try (Sipp.Running uas = Sipp.scenario("sipp/uas-rr.xml").localPort(uasPort).calls(1000).timeout(LIMIT)
                .start()) {
            SippResult uac = uac(Sipp.scenario("sipp/uac-rr.xml"), "bob", 1000, 100);
            SippResult uasResult = uas.await();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(1000);
            assertThat(uac.failedCalls()).as(uac.describe()).isZero();
            assertThat(uasResult.successfulCalls()).as(uasResult.describe()).isEqualTo(1000);
        }
    }

    @Test
    void silentAppGives408AfterFrTimerThroughTheFailureRoute() throws Exception {
        start(1, 1000);
        app(event -> List.of());
        SippResult uac = uac(Scenarios.uacExpecting("INVITE", 408, 70), "bob", 1, 1);
        assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> appSaw.stream().anyMatch(f -> f.contains("\"timeout\"")
                && f.contains("\"status\":408")));
    }

    @Test
    void noApplicationConnectedGives503AtOnce() throws Exception {
        start(1, 30_000);
        SippResult uac = uac(Scenarios.uacExpecting("INVITE", 503, 70), "bob", 3, 10);
        assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(3);
    }

    @Test
    void cancelWhileSuspendedThenALateContinueFindsNoTransaction() throws Exception {
        start(1, 30_000);
        List<JsonNode> held = new CopyOnWriteArrayList<>();
        app(event -> {
            held.add(event);
            return List.of();
        });
        SippResult uac = uac(Sipp.scenario("sipp/uac-cancel-suspended.xml"), "bob", 1, 1);
        assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(1);
        // the event may reach the application after the caller is done: the CANCEL is answered at once
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
        // the caller ACKed the 487: as in Kamailio, the transaction is in its terminated phase and not found
        app.send(held.get(0).toString()).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> appSaw.stream().anyMatch(f -> f.contains("\"continued\":-1")));
    }

    @Test
    void secondContinueAndUnknownRouteAreRefused() throws Exception {
        start(1, 30_000);
        app(event -> {
            String unknown = event.deepCopy().toString().replaceFirst("\\{", "{\"route\":\"NOPE\",");
            return List.of(unknown, event.toString(), event.toString());
        });
        SippResult uac = uac(Scenarios.uacExpecting("OPTIONS", 200, 70), "bob", 1, 1);
        assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> appSaw.stream().filter(f -> f.contains("continued")).count() == 3);
        List<String> continued = appSaw.stream().filter(f -> f.contains("continued")).toList();
        assertThat(continued.get(0)).as("unknown route: stays suspended").contains("\"continued\":-1");
        assertThat(continued.get(1)).contains("\"continued\":1");
        assertThat(continued.get(2)).as("finished or continued already").containsAnyOf("\"continued\":-1",
                "\"continued\":-2");
    }

    @Test
    void twoHundredContinuesRacingFromEightThreadsRunTheRouteOnce() throws Exception {
        start(1, 30_000);
        List<JsonNode> held = new CopyOnWriteArrayList<>();
        app(event -> {
            held.add(event);
            return List.of();
        });
        try (Sipp.Running uac = Scenarios.uacExpecting("INVITE", 486, 70).remote("127.0.0.1:" + sipPort)
                .localPort(FreePorts.udpAndTcp()).service("bob").calls(1).timeout(LIMIT).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> held.size() == 1);
            int index = held.get(0).path("data").path("index").asInt();
            int label = held.get(0).path("data").path("label").asInt();
            AtomicInteger ran = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    results.add(pool.submit(() -> proxy.engine().resume(index, label, ctx -> {
                        ran.incrementAndGet();
                        ctx.reply(486, "Busy Here");
                    })));
                }
                int ones = 0;
                for (Future<Integer> f : results) {
                    int r = f.get();
                    assertThat(r).isIn(1, -1, -2);
                    ones += r == 1 ? 1 : 0;
                }
                assertThat(ones).isEqualTo(1);
                assertThat(ran).hasValue(1);
            } finally {
                pool.shutdownNow();
            }
            SippResult result = uac.await();
            assertThat(result.successfulCalls()).as(result.describe()).isEqualTo(1);
        }
    }
}
