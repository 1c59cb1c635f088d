package io.evapi.proxy.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evapi.core.client.EvapiClient;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.Sipp;
import io.evapi.sip.testkit.SippResult;
import java.io.File;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The events this proxy raises itself (E_CORE_THRESHOLD, E_CORE_TCP_DISCONNECT), the unix: transport, and
 * 10,000 MI requests a second from one client while SIP and evapi keep serving.
 */
class CoreEventsAndLoadTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String CONFIG = """
            listen=udp:127.0.0.1:@SIP@
            listen=tcp:127.0.0.1:@SIP@
            exec_msg_threshold=1
            loadmodule "sl.so"
            loadmodule "httpd.so"
            loadmodule "mi_http.so"
            loadmodule "event_datagram.so"
            loadmodule "evapi.so"
            modparam("httpd", "port", @HTTP@)
            modparam("evapi", "bind_addr", "127.0.0.1:@EVAPI@")

            route[PUBLISH] {
                raise_event("E_UNIX");
            }

            request_route {
                evapi_relay("$rm $ci");
                if ($rm == "MESSAGE") {
                    sl_send_reply(200, "OK");
                    exit;
                }
                sl_send_reply(405, "Method Not Allowed");
            }
            """;

    private RunningProxy start(int sip, int http, int evapi) throws Exception {
        return RunningProxy.start(ProxyHost.load(CONFIG.replace("@SIP@", "" + sip).replace("@HTTP@", "" + http)
                .replace("@EVAPI@", "" + evapi), "core-events.cfg"));
    }

    @Test
    void thresholdAndTcpDisconnectAreRaised() throws Exception {
        int sip = FreePorts.udpAndTcp();
        int http = EventsInterfaceTest.freeTcpPort();
        try (RunningProxy proxy = start(sip, http, EventsInterfaceTest.freeTcpPort()); UdpReceiver r = new UdpReceiver()) {
            MiClient mi = new MiClient(http);
            mi.call("event_subscribe", "[\"E_CORE_THRESHOLD\", \"" + r.sock() + "\"]");
            mi.call("event_subscribe", "[\"E_CORE_TCP_DISCONNECT\", \"" + r.sock() + "\"]");
            int sippPort = FreePorts.udpAndTcp();
            SippResult sipp = Scenarios.uacExpecting("MESSAGE", 200, 70).remote("127.0.0.1:" + sip).tcp(true)
                    .localPort(sippPort).service("bob").calls(1).timeout(WAIT).run();
            assertThat(sipp.successfulCalls()).as(sipp.describe()).isEqualTo(1);
            JsonNode threshold = null;
            JsonNode disconnect = null;
            while (threshold == null || disconnect == null) {
                JsonNode e = MiClient.JSON.readTree(r.next(WAIT));
                if (e.get("method").asText().equals("E_CORE_THRESHOLD")) {
                    threshold = e;
                } else {
                    disconnect = e;
                }
            }
            // exec_msg_threshold=1: every request route takes longer than 1 microsecond
            assertThat(threshold.get("params").fieldNames()).toIterable().containsExactly("source", "time", "extra");
            assertThat(threshold.get("params").get("source").asText()).isEqualTo("msg processing");
            assertThat(threshold.get("params").get("time").isIntegralNumber()).isTrue();
            assertThat(threshold.get("params").get("extra").asText()).startsWith("MESSAGE sip:bob@");
            // sipp closed its TCP connection when it ended
            assertThat(disconnect.get("method").asText()).isEqualTo("E_CORE_TCP_DISCONNECT");
            assertThat(disconnect.get("params").toString()).isEqualTo("{\"src_ip\":\"127.0.0.1\",\"src_port\":"
                    + sippPort + ",\"dst_ip\":\"127.0.0.1\",\"dst_port\":" + sip + ",\"proto\":\"tcp\"}");
        }
    }

    @Test
    void unixDatagramSubscriber(@TempDir Path dir) throws Exception {
        int http = EventsInterfaceTest.freeTcpPort();
        File path = dir.resolve("events.sock").toFile();
        try (RunningProxy proxy = start(FreePorts.udpAndTcp(), http, EventsInterfaceTest.freeTcpPort());
                AFUNIXDatagramSocket receiver = AFUNIXDatagramSocket.newInstance()) {
            receiver.bind(AFUNIXSocketAddress.of(path));
            receiver.setSoTimeout((int) WAIT.toMillis());
            MiClient mi = new MiClient(http);
            assertThat(mi.call("event_subscribe", "[\"E_UNIX\", \"unix:" + path + "\"]").result().asText()).isEqualTo("OK");
            assertThat(mi.call("subscribers_list", "[\"E_UNIX\"]").result().toString()).contains("\"socket\":\"unix:" + path + "\"");
            mi.call("raise_event", "[\"E_UNIX\", \"{\\\"n\\\": 1}\"]");
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[65535], 65535);
            receiver.receive(p);
            assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_UNIX\",\"params\":{\"n\":1}}");
            assertThat(mi.call("event_subscribe", "[\"E_UNIX\", \"unix:\"]").error().get("code").asInt()).isEqualTo(400);
        }
    }

    @Test
    void tenThousandMiRequestsASecondWhileSipAndEvapiServe() throws Exception {
        int sip = FreePorts.udpAndTcp();
        int http = EventsInterfaceTest.freeTcpPort();
        int evapi = EventsInterfaceTest.freeTcpPort();
        try (RunningProxy proxy = start(sip, http, evapi)) {
            MiClient mi = new MiClient(http);
            List<String> frames = new CopyOnWriteArrayList<>();
            EvapiClient app = EvapiClient.builder("127.0.0.1", evapi).reconnect(false).onFrame(frames::add).build();
            app.connect().join();
            await().atMost(WAIT).until(() -> mi.call("evapi:clients", null).result().get("Clients").size() == 1);

            int calls = 50;
            Sipp.Running sipp = Scenarios.uacExpecting("MESSAGE", 200, 70).remote("127.0.0.1:" + sip)
                    .localPort(FreePorts.udpAndTcp()).service("load").calls(calls).rate(25).timeout(WAIT).start();
            // one client, 10,000 requests a second for 2 seconds over 16 keep-alive connections
            RawHttpLoad.Result load = new RawHttpLoad(http, "/mi").run(
                    "{\"jsonrpc\": \"2.0\", \"id\": \"1\", \"method\": \"uptime\", \"params\": {}}", 20_000, 10_000, 16);
            System.out.printf("MI flood: %s in %.2f s (%.0f/s)%n", load.statuses(), load.seconds(), load.rate());
            SippResult result = sipp.await();
            assertThat(result.successfulCalls()).as(result.describe()).isEqualTo(calls);
            await().atMost(WAIT).until(() -> frames.stream().filter(f -> f.startsWith("MESSAGE ")).count() == calls);
            // every MI request was answered: served (200) or refused at once for overload (503), nothing else
            assertThat(load.statuses().keySet()).as(load.statuses().toString()).isSubsetOf(200, 503);
            assertThat(load.statuses().get(200)).as(load.statuses().toString()).isNotNull();
            assertThat(mi.call("which", "{}").status()).isEqualTo(200);
            app.close();
        }
    }
}
