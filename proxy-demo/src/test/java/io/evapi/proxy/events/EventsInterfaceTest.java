package io.evapi.proxy.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evapi.core.client.EvapiClient;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.SippResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Events Interface end to end, against a running proxy: MI over HTTP with a java.net.http JSON-RPC client
 * sending what opensips-cli sends, real UDP subscribers, sipp sending the SIP that makes the script raise.
 */
class EventsInterfaceTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CONFIG = """
            listen=udp:127.0.0.1:@SIP@
            listen=tcp:127.0.0.1:@SIP@
            loadmodule "sl.so"
            loadmodule "httpd.so"
            loadmodule "mi_http.so"
            loadmodule "event_datagram.so"
            loadmodule "evapi.so"
            modparam("httpd", "port", @HTTP@)
            modparam("httpd", "post_buf_size", 4096)
            modparam("httpd", "read_timeout", 1000)
            modparam("evapi", "bind_addr", "127.0.0.1:@EVAPI@")

            startup_route {
                subscribe_event("E_STARTUP", "udp:127.0.0.1:@PERM@");
            }
            event_route[core:worker-one-init] {
                subscribe_event("E_WORKER_ONE", "udp:127.0.0.1:@PERM@");
            }
            timer_route[refresh, 1] {
                subscribe_event("E_TIMER", "udp:127.0.0.1:@PERM@", 5);
            }

            event_route[E_SIP] {
                $avp(x) = $param(from);
                $avp(x) = $param(2);
                raise_event("E_ROUTED", , $avp(x));
            }

            route[PUBLISH] {
                raise_event("E_MY_EVENT");
                raise_event("E_NO_SUBSCRIBER");
                raise_event("E_EXPIRY");
                raise_event("E_ICMP");
                raise_event("E_UNIX");
            }

            request_route {
                if ($rm == "MESSAGE") {
                    $avp(n) = "n";
                    $avp(n) = "from";
                    $avp(v) = 5;
                    $avp(v) = $fU;
                    raise_event("E_SIP", $avp(n), $avp(v));
                    sl_send_reply(200, "OK");
                    exit;
                }
                sl_send_reply(405, "Method Not Allowed");
            }
            """;

    static RunningProxy proxy;
    static MiClient mi;
    static UdpReceiver permanent;
    static int sipPort;
    static int evapiPort;

    @BeforeAll
    static void start() throws Exception {
        sipPort = FreePorts.udpAndTcp();
        int http = freeTcpPort();
        evapiPort = freeTcpPort();
        permanent = new UdpReceiver();
        proxy = RunningProxy.start(ProxyHost.load(CONFIG.replace("@SIP@", "" + sipPort).replace("@HTTP@", "" + http)
                .replace("@EVAPI@", "" + evapiPort).replace("@PERM@", "" + permanent.port()), "events.cfg"));
        mi = new MiClient(http);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        permanent.close();
    }

    static int freeTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void whichListsEveryCommandAfterABareConnectAndClose() throws Exception {
        try (Socket s = new Socket("127.0.0.1", mi.uri().getPort())) {
            assertThat(s.isConnected()).isTrue(); // opensips-cli's valid(): connect, send nothing, close
        }
        MiClient.Reply r = mi.call("which", "{}");
        assertThat(r.status()).isEqualTo(200);
        List<String> names = MiClient.JSON.convertValue(r.result(), List.class);
        assertThat(names).contains("which", "version", "uptime", "event_subscribe", "events_list",
                "subscribers_list", "raise_event", "evi:subscribe", "evi:list", "evi:subscribers", "evi:raise",
                "evapi:clients", "tm:suspended", "event_datagram:stats");
        assertThat(mi.call("which", "[\"event_subscribe\"]").result().toString())
                .isEqualTo("[[\"event\",\"socket\"],[\"event\",\"socket\",\"expire\"]]");
        assertThat(mi.call("version", "{}").result().get("Server").asText()).startsWith("OpenSIPS (3.");
        JsonNode up = mi.call("uptime", null).result();
        assertThat(up.fieldNames()).toIterable().containsExactly("Now", "Up since", "Up time");
        assertThat(up.get("Up time").asText()).matches("[0-9]+ \\[sec\\]");
    }

    @Test
    void subscribeAndRaiseFromMiAsTheCapturedPythonExchange() {
        try (UdpReceiver r = new UdpReceiver()) {
            // python-opensips: expire as a JSON int; the answer's bytes exactly
            MiClient.Reply ok = mi.post("{\"jsonrpc\": \"2.0\", \"id\": \"19665\", \"method\": \"event_subscribe\","
                    + " \"params\": [\"E_MY_EVENT\", \"" + r.sock() + "\", 3600]}");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"OK\",\"id\":\"19665\"}");

            assertThat(mi.call("raise_event", "[\"E_MY_EVENT\", [\"1.2.3.4\", \"5\"]]").result().asText())
                    .isEqualTo("OK");
            assertThat(r.next(WAIT)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_MY_EVENT\",\"params\":[\"1.2.3.4\",\"5\"]}");

            mi.post("{\"jsonrpc\": \"2.0\", \"id\": \"11871\", \"method\": \"raise_event\", \"params\": {\"event\":"
                    + " \"E_MY_EVENT\", \"params\": \"{\\\"ip\\\": \\\"1.2.3.4\\\", \\\"n\\\": 5}\"}}");
            assertThat(r.next(WAIT)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_MY_EVENT\",\"params\":{\"ip\":\"1.2.3.4\",\"n\":5}}");

            mi.call("raise_event", "[\"E_MY_EVENT\"]");
            assertThat(r.next(WAIT)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_MY_EVENT\"}");

            // opensips-cli: every argument a string, expire "60"; a numeric id is echoed as a number
            MiClient.Reply cli = mi.post("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"evi:subscribe\","
                    + " \"params\": [\"E_MY_EVENT\", \"" + r.sock() + "\", \"60\"]}");
            assertThat(cli.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"OK\",\"id\":7}");
            JsonNode sub = mi.call("subscribers_list", "[\"E_MY_EVENT\", \"" + r.sock() + "\"]").result();
            assertThat(sub.get("Event").get("name").asText()).isEqualTo("E_MY_EVENT");
            assertThat(sub.get("Event").get("Subscriber").get("socket").asText()).isEqualTo(r.sock());
            assertThat(sub.get("Event").get("Subscriber").get("expire").asLong()).isEqualTo(60);
            assertThat(sub.get("Event").get("Subscriber").get("ttl").asLong()).isBetween(1L, 60L);

            // unsubscribe as the clients do: expire 0
            mi.call("event_subscribe", "[\"E_MY_EVENT\", \"" + r.sock() + "\", 0]");
            await().atMost(WAIT).until(() -> mi.call("subscribers_list", "[\"E_MY_EVENT\"]").result().toString()
                    .equals("{\"Event\":{}}"));
        }
    }

    @Test
    void scriptRaiseFromSipRunsTheEventRouteOffTheSipThread() {
        try (UdpReceiver r = new UdpReceiver()) {
            mi.call("event_subscribe", "[\"E_SIP\", \"" + r.sock() + "\"]");
            mi.call("event_subscribe", "[\"E_ROUTED\", \"" + r.sock() + "\"]");
            SippResult sipp = Scenarios.uacExpecting("MESSAGE", 200, 70).remote("127.0.0.1:" + sipPort)
                    .localPort(FreePorts.udpAndTcp()).service("alice").calls(1).timeout(WAIT).run();
            assertThat(sipp.successfulCalls()).as(sipp.describe()).isEqualTo(1);
            Set<String> got = new HashSet<>(List.of(r.next(WAIT), r.next(WAIT)));
            // newest AVP value first: names [from, n], values [$fU, 5]; an int AVP is a JSON number
            assertThat(got).containsExactlyInAnyOrder(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"E_SIP\",\"params\":{\"from\":\"sipp\",\"n\":5}}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"E_ROUTED\",\"params\":[5,\"sipp\"]}");
            JsonNode list = mi.call("subscribers_list", "[\"E_SIP\"]").result().get("Event").get("Subscribers");
            assertThat(list.toString()).contains("{\"socket\":\"route:E_SIP\",\"expire\":\"never\"}");
            assertThat(list.get(0).get("socket").asText()).as("newest first").isEqualTo(r.sock());
        }
    }

    @Test
    void startupWorkerOneAndTimerRoutesSubscribe() {
        JsonNode startup = mi.call("subscribers_list", "[\"E_STARTUP\"]").result();
        assertThat(startup.toString()).contains("{\"socket\":\"" + permanent.sock() + "\",\"expire\":\"never\"}");
        assertThat(mi.call("subscribers_list", "[\"E_WORKER_ONE\"]").result().toString())
                .contains("{\"socket\":\"" + permanent.sock() + "\",\"expire\":\"never\"}");
        await().atMost(WAIT).until(() -> mi.call("subscribers_list", "[\"E_TIMER\"]").result().toString()
                .contains("\"socket\":\"" + permanent.sock() + "\",\"expire\":5,\"ttl\":"));
        mi.call("raise_event", "[\"E_STARTUP\", [\"x\"]]");
        assertThat(permanent.next(WAIT)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_STARTUP\",\"params\":[\"x\"]}");
    }

    @Test
    void expiryIsLazyAndExactToTheSecond() {
        try (UdpReceiver gone = new UdpReceiver(); UdpReceiver marker = new UdpReceiver()) {
            mi.call("event_subscribe", "[\"E_EXPIRY\", \"" + marker.sock() + "\"]");
            // expire 0 over MI: receives for the rest of this second, shows "expired", then is purged
            mi.call("event_subscribe", "[\"E_EXPIRY\", \"" + gone.sock() + "\", 0]");
            JsonNode now = mi.call("subscribers_list", "[\"E_EXPIRY\", \"" + gone.sock() + "\"]").json();
            if (now.has("result")) {
                assertThat(now.get("result").get("Event").get("Subscriber").toString())
                        .isEqualTo("{\"socket\":\"" + gone.sock() + "\",\"expire\":0,\"ttl\":\"expired\"}");
            } else { // the second turned between the two requests: purged already
                assertThat(now.get("error").toString()).isEqualTo("{\"code\":404,\"message\":\"Subscriber does not exist\"}");
            }
            await().atMost(WAIT).until(() -> mi.call("subscribers_list", "[\"E_EXPIRY\", \"" + gone.sock() + "\"]")
                    .body().contains("Subscriber does not exist"));
            mi.call("raise_event", "[\"E_EXPIRY\", [\"after\"]]");
            assertThat(marker.next(WAIT)).contains("after");
            // the newer (purged) subscriber would have been sent to first, through the same FIFO sender
            assertThat(gone.poll(Duration.ofMillis(200))).isNull();

            // an MI re-subscribe of the permanent script subscription makes it expire
            mi.call("event_subscribe", "[\"E_STARTUP\", \"" + permanent.sock() + "\", 30]");
            assertThat(mi.call("subscribers_list", "[\"E_STARTUP\", \"" + permanent.sock() + "\"]").result()
                    .get("Event").get("Subscriber").get("expire").asLong()).isEqualTo(30);
        }
    }

    @Test
    void badInputGetsOpenSipsErrors() {
        assertError(mi.call("event_subscribe", "[\"E_NOPE\", \"udp:127.0.0.1:9\"]"), "{\"code\":400,\"message\":\"Bad parameter value\"}");
        assertError(mi.call("event_subscribe", "[\"E_MY_EVENT\", \"bogus:127.0.0.1:9\"]"), "{\"code\":400,\"message\":\"Bad parameter value\"}");
        assertError(mi.call("event_subscribe", "[\"E_MY_EVENT\", \"udp:127.0.0.1\"]"), "{\"code\":400,\"message\":\"Bad parameter value\"}");
        assertError(mi.call("event_subscribe", "[\"E_MY_EVENT\", \"udp:127.0.0.1:9\", -1]"),
                "{\"code\":-32602,\"message\":\"Invalid params\",\"data\":\"Negative expire value\"}");
        assertError(mi.call("event_subscribe", "[\"E_MY_EVENT\", \"udp:127.0.0.1:9\", \"soon\"]"),
                "{\"code\":-32602,\"message\":\"Invalid params\",\"data\":\"Bad type for parameter 'expire'\"}");
        assertError(mi.call("event_subscribe", "[\"E_MY_EVENT\"]"),
                "{\"code\":-32602,\"message\":\"Invalid params\",\"data\":\"Too few or too many parameters\"}");
        assertError(mi.call("event_subscribe", "{\"event\": \"E_MY_EVENT\", \"sock\": \"udp:127.0.0.1:9\"}"),
                "{\"code\":-32602,\"message\":\"Invalid params\",\"data\":\"Named parameters do not match\"}");
        assertError(mi.call("event_subscribe", "[\"\", \"udp:127.0.0.1:9\"]"),
                "{\"code\":-32000,\"message\":\"Server error\",\"data\":\"Failed to handle parameter\"}");
        assertError(mi.call("no_such_command", "[]"), "{\"code\":-32601,\"message\":\"Method not found\"}");
        assertError(mi.call("raise_event", "[\"E_UNKNOWN\"]"), "{\"code\":404,\"message\":\"Event not registered\"}");
        assertError(mi.call("raise_event", "[\"E_NO_SUBSCRIBER\"]"), "{\"code\":480,\"message\":\"Temporarily Unavailable\"}");
        mi.call("event_subscribe", "[\"E_NO_SUBSCRIBER\", \"udp:127.0.0.1:9\", 2]");
        assertError(mi.call("raise_event", "[\"E_NO_SUBSCRIBER\", {\"ip\": \"1.2.3.4\"}]"), "{\"code\":400,\"message\":\"No Params\"}");
        assertError(mi.call("raise_event", "[\"E_NO_SUBSCRIBER\", \"not json\"]"), "{\"code\":400,\"message\":\"Bad Params\"}");
        assertError(mi.call("raise_event", "[\"E_NO_SUBSCRIBER\", \"[1]\"]"), "{\"code\":400,\"message\":\"Bad Params\"}");
        assertError(mi.call("subscribers_list", "[\"E_UNKNOWN\"]"), "{\"code\":404,\"message\":\"Event not published\"}");
        assertError(mi.call("subscribers_list", "[\"E_MY_EVENT\", \"udp:127.0.0.1:1\"]"),
                "{\"code\":404,\"message\":\"Subscriber does not exist\"}");

        MiClient.Reply parse = mi.post("{\"jsonrpc\": \"2.0\", \"id\": \"1\", \"method\": ");
        assertThat(parse.status()).isEqualTo(200);
        assertThat(parse.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}");
        MiClient.Reply invalid = mi.post("{\"id\": \"3\", \"method\": \"which\"}");
        assertThat(invalid.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":\"3\"}");
        MiClient.Reply notification = mi.post("{\"jsonrpc\": \"2.0\", \"method\": \"which\"}");
        assertThat(notification.status()).isEqualTo(202);
        assertThat(notification.body()).isEmpty();
        assertThat(mi.post("").status()).isEqualTo(400);
        assertThat(mi.send(java.net.http.HttpRequest.newBuilder(mi.uri()).GET().build()).status()).isEqualTo(405);
        assertThat(mi.post("{\"jsonrpc\": \"2.0\", \"id\": \"1\", \"method\": \"which\", \"params\": [\""
                + "x".repeat(8192) + "\"]}").status()).isEqualTo(413);
        assertThat(mi.call("which", "{}").status()).as("still serving").isEqualTo(200);
    }

    private static void assertError(MiClient.Reply r, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.error()).as(r.body()).isNotNull();
        assertThat(r.error().toString()).isEqualTo(error);
    }

    @Test
    void aSlowRequestIsCutAndTheServerKeepsServing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", mi.uri().getPort())) {
            s.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write("POST /mi HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{\"jsonrpc\"".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // read_timeout 1 s, then closed
            assertThat(answer).startsWith("HTTP/1.1 408");
        }
        assertThat(mi.call("which", "{}").status()).isEqualTo(200);
    }

    @Test
    void aSubscriberThatRefusesIsCountedAndTheOthersStillGetEverything() throws Exception {
        int closed;
        try (UdpReceiver dead = new UdpReceiver()) {
            closed = dead.port(); // bound then closed: the kernel answers ICMP port unreachable
        }
        try (UdpReceiver alive = new UdpReceiver()) {
            mi.call("event_subscribe", "[\"E_ICMP\", \"" + alive.sock() + "\"]");
            mi.call("event_subscribe", "[\"E_ICMP\", \"udp:127.0.0.1:" + closed + "\"]");
            for (int i = 0; i < 20; i++) {
                assertThat(mi.call("raise_event", "[\"E_ICMP\", [\"" + i + "\"]]").result().asText()).isEqualTo("OK");
                assertThat(alive.next(WAIT)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_ICMP\",\"params\":[\"" + i + "\"]}");
            }
            await().atMost(WAIT).until(() -> {
                JsonNode stats = mi.call("event_datagram:stats", null).result().get("Subscribers");
                for (JsonNode s : stats) {
                    if (s.get("socket").asText().equals("udp:127.0.0.1:" + closed)) {
                        return s.get("failed").asLong() > 0 && s.get("last_error").asText().contains("PortUnreachable");
                    }
                }
                return false;
            });
            SippResult sipp = Scenarios.uacExpecting("OPTIONS", 405, 70).remote("127.0.0.1:" + sipPort)
                    .localPort(FreePorts.udpAndTcp()).calls(1).timeout(WAIT).run();
            assertThat(sipp.successfulCalls()).as(sipp.describe()).isEqualTo(1);
        }
    }

    @Test
    void evapiClientsAreEventsAndAnMiList() throws Exception {
        try (UdpReceiver r = new UdpReceiver()) {
            mi.call("event_subscribe", "[\"E_EVAPI_CONNECTION_NEW\", \"" + r.sock() + "\"]");
            mi.call("event_subscribe", "[\"E_EVAPI_CONNECTION_CLOSED\", \"" + r.sock() + "\"]");
            EvapiClient c = EvapiClient.builder("127.0.0.1", evapiPort).reconnect(false).onFrame(f -> { }).build();
            c.connect().join();
            JsonNode connected = MiClient.JSON.readTree(r.next(WAIT));
            assertThat(connected.get("method").asText()).isEqualTo("E_EVAPI_CONNECTION_NEW");
            assertThat(connected.get("params").fieldNames()).toIterable().containsExactly("conidx", "address", "port", "tag");
            assertThat(connected.get("params").get("address").asText()).isEqualTo("127.0.0.1");
            int port = connected.get("params").get("port").asInt();
            JsonNode clients = mi.call("evapi:clients", null).result().get("Clients");
            assertThat(clients.toString()).contains("\"port\":" + port);
            assertThat(clients.get(0).fieldNames()).toIterable()
                    .containsExactly("conidx", "address", "port", "tag", "pending_bytes", "drops");
            c.close();
            JsonNode closedEvent = MiClient.JSON.readTree(r.next(WAIT));
            assertThat(closedEvent.get("method").asText()).isEqualTo("E_EVAPI_CONNECTION_CLOSED");
            assertThat(closedEvent.get("params").get("port").asInt()).isEqualTo(port);
        }
        JsonNode tm = mi.call("tm:suspended", null).result();
        assertThat(tm.toString()).isEqualTo("{\"count\":0,\"oldest_age_ms\":null}");
    }

    @Test
    void eventsListHasTheCoreIdsFirst() {
        JsonNode events = mi.call("events_list", "{}").result().get("Events");
        assertThat(events.get(1).toString()).isEqualTo("{\"name\":\"E_CORE_THRESHOLD\",\"id\":1}");
        assertThat(events.get(5).toString()).isEqualTo("{\"name\":\"E_CORE_TCP_DISCONNECT\",\"id\":5}");
        assertThat(events.toString()).contains("\"E_MY_EVENT\"", "\"E_EVAPI_CONNECTION_NEW\"", "\"E_SIP\"");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("id").asInt()).isEqualTo(i);
        }
    }
}
