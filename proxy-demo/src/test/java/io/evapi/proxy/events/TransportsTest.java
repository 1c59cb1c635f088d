package io.evapi.proxy.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.SippResult;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four transport plugins end to end, in the bundled proxy: each subscriber subscribes over MI (JSON-RPC over
 * HTTP, as opensips-cli and python-opensips do), sipp sends a MESSAGE, the script raises E_CALL, and a real peer
 * receives it: a TCP JSON receiver (event_stream), an HTTP server parsing the XML (event_xmlrpc), a failover pair
 * with its first socket down (event_virtual), a file (event_flatstore). Counters are read over MI.
 */
class TransportsTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CONFIG = """
            listen=udp:127.0.0.1:@SIP@
            loadmodule "sl.so"
            loadmodule "httpd.so"
            loadmodule "mi_http.so"
            loadmodule "event_stream.so"
            loadmodule "event_xmlrpc.so"
            loadmodule "event_virtual.so"
            loadmodule "event_flatstore.so"
            modparam("httpd", "port", @HTTP@)
            modparam("event_xmlrpc", "use_struct_param", 1)

            route[PUBLISH] {
                raise_event("E_CALL");
            }

            request_route {
                if ($rm == "MESSAGE") {
                    $avp(n) = "n";
                    $avp(n) = "from";
                    $avp(v) = 5;
                    $avp(v) = $fU;
                    raise_event("E_CALL", $avp(n), $avp(v));
                    sl_send_reply(200, "OK");
                    exit;
                }
                sl_send_reply(405, "Method Not Allowed");
            }
            """;

    static RunningProxy proxy;
    static MiClient mi;
    static int sipPort;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        sipPort = FreePorts.udpAndTcp();
        int http = EventsInterfaceTest.freeTcpPort();
        proxy = RunningProxy.start(ProxyHost.load(CONFIG.replace("@SIP@", "" + sipPort).replace("@HTTP@", "" + http),
                "transports.cfg"));
        mi = new MiClient(http);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static void message() {
        SippResult sipp = Scenarios.uacExpecting("MESSAGE", 200, 70).remote("127.0.0.1:" + sipPort)
                .localPort(FreePorts.udpAndTcp()).service("bob").calls(1).timeout(WAIT).run();
        assertThat(sipp.successfulCalls()).as(sipp.describe()).isEqualTo(1);
    }

    private static void subscribe(String socket) {
        // opensips-cli diagnose's named form: expire as a number
        MiClient.Reply r = mi.call("event_subscribe", "{\"event\": \"E_CALL\", \"socket\": \"" + socket
                + "\", \"expire\": 60}");
        assertThat(r.body()).contains("\"result\":\"OK\"");
    }

    private static void unsubscribe(String... sockets) {
        for (String socket : sockets) {
            mi.call("event_subscribe", "[\"E_CALL\", \"" + socket + "\", 0]");
        }
        await().atMost(WAIT).until(() -> {
            String list = mi.call("subscribers_list", "[\"E_CALL\"]").body();
            return java.util.Arrays.stream(sockets).noneMatch(s -> list.contains("\"socket\":\"" + s + "\""));
        });
    }

    private static JsonNode stat(String command, String arrayKey, String key, String value) {
        for (JsonNode n : mi.call(command, null).result().get(arrayKey)) {
            if (n.get(key).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError(value + " not in " + command);
    }

    @Test
    void theTransportsCommandsAreListed() {
        List<String> names = MiClient.JSON.convertValue(mi.call("which", "{}").result(), List.class);
        assertThat(names).contains("event_stream:stats", "event_xmlrpc:stats", "event_virtual:stats",
                "event_flatstore:stats", "evi_flat_rotate", "event_flatstore:rotate");
    }

    @Test
    void eventStream() throws Exception {
        try (TcpJsonReceiver r = new TcpJsonReceiver()) {
            subscribe(r.sock());
            message();
            assertThat(r.next(WAIT).toString())
                    .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_CALL\",\"params\":{\"from\":\"sipp\",\"n\":5}}");
            assertThat(mi.call("subscribers_list", "[\"E_CALL\", \"" + r.sock() + "\"]").result().get("Event")
                    .get("Subscriber").get("socket").asText()).isEqualTo(r.sock());
            await().atMost(WAIT).until(() -> stat("event_stream:stats", "Destinations", "destination", r.sock())
                    .get("sent").asLong() == 1); // counted when the write completes, which the peer may see first
            assertThat(stat("event_stream:stats", "Destinations", "destination", r.sock()).get("connected").asBoolean())
                    .isTrue();
            unsubscribe(r.sock());
        }
    }

    @Test
    void eventXmlRpc() throws Exception {
        try (XmlRpcReceiver r = new XmlRpcReceiver()) {
            String sock = "xmlrpc:127.0.0.1:" + r.port() + "/events:notify";
            subscribe(sock);
            message();
            assertThat(r.next(WAIT)).isEqualTo("/events notify[E_CALL, {from=sipp}, {n=5}]");
            String printed = "xmlrpc:127.0.0.1:" + r.port() + ":notify"; // OpenSIPS prints no path
            assertThat(mi.call("subscribers_list", "[\"E_CALL\"]").body()).contains("\"socket\":\"" + printed + "\"");
            await().atMost(WAIT).until(() -> stat("event_xmlrpc:stats", "Destinations", "destination",
                    "127.0.0.1:" + r.port()).get("sent").asLong() == 1);
            unsubscribe(printed);
        }
    }

    @Test
    void eventVirtualFailsOverToTheSecondSocket() throws Exception {
        int down;
        try (ServerSocket s = new ServerSocket(0)) {
            down = s.getLocalPort();
        }
        try (TcpJsonReceiver up = new TcpJsonReceiver()) {
            String sock = "virtual:FAILOVER tcp:127.0.0.1:" + down + " " + up.sock();
            subscribe(sock);
            message();
            assertThat(up.next(WAIT).get("params").get("from").asText()).isEqualTo("sipp");
            await().atMost(WAIT).until(() -> stat("event_virtual:stats", "Subscribers", "socket", sock)
                    .get("delivered").asLong() == 1);
            JsonNode s = stat("event_virtual:stats", "Subscribers", "socket", sock);
            assertThat(s.get("Sockets").get(0).get("failures").asLong()).isEqualTo(1);
            assertThat(s.get("Sockets").get(1).get("tries").asLong()).isEqualTo(1);
            unsubscribe(sock);
        }
    }

    @Test
    void eventFlatstore() throws Exception {
        Path file = dir.resolve("calls.log");
        String sock = "flatstore:" + file;
        subscribe(sock);
        message();
        await().atMost(WAIT).until(() -> Files.exists(file) && Files.readString(file).equals("E_CALL,sipp,5\n"));
        Files.move(file, dir.resolve("calls.log.1"));
        assertThat(mi.call("evi_flat_rotate", "[\"" + file + "\"]").result().asText()).isEqualTo("OK");
        message();
        await().atMost(WAIT).until(() -> Files.exists(file) && Files.readString(file).equals("E_CALL,sipp,5\n"));
        JsonNode s = stat("event_flatstore:stats", "Files", "socket", sock);
        assertThat(s.get("written").asLong()).isEqualTo(2);
        assertThat(s.get("rotations").asLong()).isEqualTo(1);
        assertThat(mi.call("event_flatstore:rotate", "[\"/no/such/file\"]").error().toString())
                .isEqualTo("{\"code\":400,\"message\":\"File not found\"}");
        unsubscribe(sock);
    }

    @Test
    void subscribersThatAreDownOrStalledNeverHoldUpSipNorTheOthers() throws Exception {
        Path fifo = dir.resolve("nobody-reads");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        int down;
        try (ServerSocket s = new ServerSocket(0)) {
            down = s.getLocalPort();
        }
        try (TcpJsonReceiver good = new TcpJsonReceiver();
                ServerSocket neverAccepts = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ServerSocket neverReads = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (true) {
                        held.add(neverReads.accept()); // accepted, never read
                    }
                } catch (java.io.IOException closed) {
                    // done
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<String> bad = List.of("tcp:127.0.0.1:" + down, "tcp:127.0.0.1:" + neverReads.getLocalPort(),
                    "xmlrpc:127.0.0.1:" + neverAccepts.getLocalPort() + ":m", "xmlrpc:127.0.0.1:" + down + ":m",
                    "flatstore:" + fifo, "virtual:FAILOVER tcp:127.0.0.1:" + down + " xmlrpc:127.0.0.1:" + down + ":m");
            bad.forEach(TransportsTest::subscribe);
            subscribe(good.sock());
            int calls = 200;
            SippResult sipp = Scenarios.uacExpecting("MESSAGE", 200, 70).remote("127.0.0.1:" + sipPort)
                    .localPort(FreePorts.udpAndTcp()).service("bob").calls(calls).rate(100).timeout(WAIT).run();
            assertThat(sipp.successfulCalls()).as(sipp.describe()).isEqualTo(calls);
            for (int i = 0; i < calls; i++) {
                assertThat(good.next(WAIT).get("method").asText()).isEqualTo("E_CALL");
            }
            await().atMost(WAIT).until(() -> stat("event_stream:stats", "Destinations", "destination",
                    "tcp:127.0.0.1:" + down).get("failed").asLong() > 0);
            await().atMost(WAIT).until(() -> stat("event_xmlrpc:stats", "Destinations", "destination",
                    "127.0.0.1:" + down).get("failed").asLong() >= calls); // the virtual's sub-socket shares it
            await().atMost(WAIT).until(() -> stat("event_virtual:stats", "Subscribers", "socket", bad.get(5))
                    .get("failed").asLong() == calls);
            assertThat(stat("event_flatstore:stats", "Files", "socket", "flatstore:" + fifo).get("written").asLong())
                    .isZero();
            unsubscribe(bad.toArray(String[]::new));
            unsubscribe(good.sock());
        } finally {
            try (java.io.FileInputStream release = new java.io.FileInputStream(fifo.toFile())) {
                release.read(new byte[4096]); // the flatstore writer waits in open(2) for a reader: let it go
            }
        }
    }
}
