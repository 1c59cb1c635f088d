package io.evapi.proxy.modules.xmlrpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.EventSocket;
import io.evapi.proxy.spi.event.RaisedEvent;
import io.evapi.proxy.spi.event.SubscribeException;
import io.evapi.proxy.spi.mi.MiCommands;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** event_xmlrpc: the exact request bytes, a real HTTP server with the JDK's XML parser, sync_mode, isolation. */
class EventXmlRpcTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** The facts file's example request: E_PIKE_BLOCKED(ip, n) to method e_dummy_h, port 8081. */
    static final String EXAMPLE = "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nConnection: close\r\n"
            + "User-Agent: OpenSIPS XMLRPC Notifier\r\nContent-type: text/xml\r\nContent-length: 304\r\n\r\n"
            + "<?xml version=\"1.0\"?>\n<methodCall>\n<methodName>e_dummy_h</methodName>\n<params>\n<param>\n"
            + "<value><string>E_PIKE_BLOCKED</string></value>\n</param>\n<param>\n<name>ip</name>\n"
            + "<value><string>192.168.2.11</string></value>\n</param>\n<param>\n<name>n</name>\n"
            + "<value><int>5</int></value>\n</param>\n</params>\n</methodCall>";
    static final List<EventParam> PIKE = List.of(EventParam.of("ip", "192.168.2.11"), EventParam.of("n", 5));

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private CompiledConfig config;
    private EventInterface evi;

    private void load(String modparams) throws Exception {
        config = ConfigLoader.load("""
                loadmodule "event_xmlrpc.so"
                %s
                route[PUBLISH] { raise_event("E_PIKE_BLOCKED"); raise_event("E_X"); }
                route[RAISE] {
                    $avp(v) = 5; $avp(v) = "192.168.2.11";
                    $avp(n) = "n"; $avp(n) = "ip";
                    if (raise_event("E_PIKE_BLOCKED", $avp(n), $avp(v))) { return 1; }
                    return -1;
                }
                """.formatted(modparams), "xmlrpc.cfg", null);
        config.start();
        evi = config.service(EventInterface.class).orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        if (config != null) {
            config.stop();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }

    private int runRaise() {
        ScriptHost.Route route = config.route(ScriptHost.RouteKind.ROUTE, "RAISE").orElseThrow();
        return config.run(route, RouteType.REQUEST, ctx -> { });
    }

    private Map<String, Object> stats(String destination) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) config.service(MiCommands.class).orElseThrow()
                .execute("event_xmlrpc:stats", null);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) all.get("Destinations");
        return list.stream().filter(m -> m.get("destination").equals(destination)).findFirst()
                .orElseThrow(() -> new AssertionError(destination + " not in " + all));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theRequestIsTheFactsExampleByteForByte() throws Exception {
        byte[] built = XmlRpcRequest.build(XmlRpcRequest.head("127.0.0.1", 8081, null), "e_dummy_h", "E_PIKE_BLOCKED",
                PIKE, false);
        assertThat(new String(built, UTF_8)).isEqualTo(EXAMPLE);
        String body = EXAMPLE.substring(EXAMPLE.indexOf("\r\n\r\n") + 4);
        assertThat(body.getBytes(UTF_8)).hasSize(304);
    }

    @Test
    void onTheWireANewConnectionPerEventWithTheExactBytesAndThePathQuirk() throws Exception {
        load("");
        RawPeer raw = closing(new RawPeer());
        evi.subscribe("E_PIKE_BLOCKED", "xmlrpc:127.0.0.1:" + raw.port() + ":e_dummy_h", 0, false);
        assertThat(runRaise()).isEqualTo(1);
        assertThat(runRaise()).isEqualTo(1);
        String expected = EXAMPLE.replace("127.0.0.1:8081", "127.0.0.1:" + raw.port());
        assertThat(new String(raw.next(WAIT), UTF_8)).isEqualTo(expected);
        assertThat(new String(raw.next(WAIT), UTF_8)).as("one connection per event").isEqualTo(expected);

        RawPeer withPath = closing(new RawPeer());
        evi.subscribe("E_X", "xmlrpc:localhost:" + withPath.port() + "/my/path:notify", 0, false);
        evi.raise(evi.find("E_X").orElseThrow(), List.of(EventParam.unnamed("a<b & c>d"), EventParam.unnamed(-7L)));
        String got = new String(withPath.next(WAIT), UTF_8);
        // with a path: no space after "Host:"; the host as written; values escaped (OpenSIPS does not escape)
        assertThat(got).startsWith("POST /my/path HTTP/1.1\r\nHost:localhost:" + withPath.port() + "\r\nConnection: close\r\n");
        assertThat(got).endsWith("<methodName>notify</methodName>\n<params>\n<param>\n<value><string>E_X</string>"
                + "</value>\n</param>\n<param>\n<value><string>a&lt;b &amp; c&gt;d</string></value>\n</param>\n"
                + "<param>\n<value><int>-7</int></value>\n</param>\n</params>\n</methodCall>");
        assertThat(stats("127.0.0.1:" + raw.port())).containsEntry("sent", 2L).containsEntry("failed", 0L)
                .containsEntry("pending", 0L);
    }

    @Test
    void aRealXmlParserReadsBothParamStyles() throws Exception {
        for (int struct : new int[] {0, 1}) {
            load("modparam(\"event_xmlrpc\", \"use_struct_param\", " + struct + ")");
            XmlRpcServer server = closing(new XmlRpcServer());
            evi.subscribe("E_PIKE_BLOCKED", "xmlrpc:127.0.0.1:" + server.port() + "/RPC2:e_dummy_h", 0, false);
            assertThat(runRaise()).isEqualTo(1);
            evi.raise(evi.find("E_PIKE_BLOCKED").orElseThrow(), List.of(EventParam.of("who", "<Alice & \"Bob\">\r\n\u0001"),
                    EventParam.unnamed("x")));
            XmlRpcServer.Call a = server.next(WAIT);
            XmlRpcServer.Call b = server.next(WAIT);
            // one connection each: the server may handle them in either order
            boolean inOrder = a.params().get(1).toString().contains("192.168.2.11");
            XmlRpcServer.Call first = inOrder ? a : b;
            XmlRpcServer.Call second = inOrder ? b : a;
            assertThat(first.requestLine()).isEqualTo("POST /RPC2");
            assertThat(first.headers()).containsEntry("user-agent", "OpenSIPS XMLRPC Notifier")
                    .containsEntry("content-type", "text/xml").containsEntry("connection", "close");
            assertThat(first.methodName()).isEqualTo("e_dummy_h");
            if (struct == 0) {
                // Python's xmlrpc.client.loads: ('E_PIKE_BLOCKED', 'ip', '192.168.2.11', 'n', 5)
                assertThat(first.params()).containsExactly("E_PIKE_BLOCKED", "ip=192.168.2.11", "n=5");
                assertThat(second.params()).containsExactly("E_PIKE_BLOCKED", "who=<Alice & \"Bob\">\r\n\uFFFD", "x");
            } else {
                // ('E_PIKE_BLOCKED', {'ip': '192.168.2.11'}, {'n': 5}): one struct per named param
                assertThat(first.params()).containsExactly("E_PIKE_BLOCKED", Map.of("ip", "192.168.2.11"),
                        Map.of("n", 5));
                assertThat(second.params()).containsExactly("E_PIKE_BLOCKED", Map.of("who", "<Alice & \"Bob\">\r\n\uFFFD"),
                        "x");
            }
            assertThat(server.errors).isEmpty();
            config.stop();
            config = null;
        }
    }

    @Test
    void syncModeReturnsTheSendStatusAndAsyncModeDoesNot() throws Exception {
        int down = closedPort();
        load("modparam(\"event_xmlrpc\", \"sync_mode\", 1)");
        evi.subscribe("E_PIKE_BLOCKED", "xmlrpc:127.0.0.1:" + down + ":m", 0, false);
        assertThat(runRaise()).as("sync_mode 1, server down: raise_event is false").isEqualTo(-1);
        assertThat(stats("127.0.0.1:" + down)).containsEntry("failed", 1L).containsEntry("last_error",
                "connect failed: Connection refused");
        XmlRpcServer up = closing(new XmlRpcServer());
        evi.subscribe("E_X", "xmlrpc:127.0.0.1:" + up.port() + ":m", 0, false);
        assertThat(evi.raise(evi.find("E_X").orElseThrow(), List.of())).as("sync_mode 1, server up").isZero();
        assertThat(stats("127.0.0.1:" + up.port())).as("sent before the raise returned").containsEntry("sent", 1L);
        config.stop();

        load("modparam(\"event_xmlrpc\", \"sync_mode\", 0)");
        evi.subscribe("E_PIKE_BLOCKED", "xmlrpc:127.0.0.1:" + down + ":m", 0, false);
        assertThat(runRaise()).as("sync_mode 0: the raise does not wait for the send").isEqualTo(1);
        await().atMost(WAIT).until(() -> stats("127.0.0.1:" + down).get("failed").equals(1L));
    }

    @Test
    void aDeliveryListenerHearsTheStatusWithoutWaitingEvenInSyncMode() throws Exception {
        load("modparam(\"event_xmlrpc\", \"sync_mode\", 1)");
        int down = closedPort();
        XmlRpcServer up = closing(new XmlRpcServer());
        List<String> statuses = new CopyOnWriteArrayList<>();
        RaisedEvent e = new RaisedEvent(evi.publish("E_L"), List.of());
        EventSocket bad = evi.socket("xmlrpc:127.0.0.1:" + down + ":m");
        EventSocket good = evi.socket("xmlrpc:127.0.0.1:" + up.port() + ":m");
        closing(bad::release);
        closing(good::release);
        assertThat(bad.raise(e, (ok, why) -> statuses.add("bad " + ok + " " + why))).isZero();
        assertThat(good.raise(e, (ok, why) -> statuses.add("good " + ok + " " + why))).isZero();
        await().atMost(WAIT).until(() -> statuses.size() == 2);
        assertThat(statuses).containsExactlyInAnyOrder("bad false connect failed: Connection refused", "good true null");
    }

    @Test
    void aServerThatNeverAcceptsCostsTheOthersNothing() throws Exception {
        load("modparam(\"event_xmlrpc\", \"timeout\", 300)\nmodparam(\"event_xmlrpc\", \"queue_size\", 50)");
        try (ServerSocket stalled = new ServerSocket()) {
            stalled.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1); // never accepts
            XmlRpcServer good = closing(new XmlRpcServer());
            evi.subscribe("E_X", "xmlrpc:127.0.0.1:" + stalled.getLocalPort() + ":m", 0, false);
            evi.subscribe("E_X", "xmlrpc:127.0.0.1:" + good.port() + ":m", 0, false);
            int n = 300;
            AtomicBoolean done = new AtomicBoolean();
            Thread raiser = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    evi.raise(evi.find("E_X").orElseThrow(), List.of(EventParam.of("i", i)));
                    int expected = i + 1;
                    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(WAIT)
                            .until(() -> good.calls.size() == expected); // the good server keeps up
                }
                done.set(true);
            });
            raiser.setDaemon(true);
            raiser.start();
            await().atMost(WAIT.multipliedBy(3)).untilTrue(done);
            for (int i = 0; i < n; i++) {
                assertThat(good.next(WAIT).params()).containsExactly("E_X", "i=" + i);
            }
            Map<String, Object> s = stats("127.0.0.1:" + stalled.getLocalPort());
            assertThat((Long) s.get("dropped") + (Long) s.get("failed")).as(s.toString()).isPositive();
            await().atMost(WAIT).until(() -> stats("127.0.0.1:" + good.port()).get("sent").equals((long) n));
            assertThat(stats("127.0.0.1:" + good.port())).containsEntry("dropped", 0L).containsEntry("failed", 0L);
        }
    }

    @Test
    void socketsParseMatchAndPrintAsOpenSips() throws Exception {
        load("");
        evi.publish("E_P");
        evi.subscribe("E_P", "xmlrpc:127.0.0.1:8081/a:m", 10, true);
        evi.subscribe("E_P", "xmlrpc:127.0.0.1:8081/b:m", 10, true); // the path does not count: a refresh
        EventSocket s = evi.socket("xmlrpc:127.0.0.1:8081/a:m:with:colons");
        closing(s::release);
        assertThat(s.printed()).isEqualTo("xmlrpc:127.0.0.1:8081:m:with:colons");
        assertThat(evi.socket("xmlrpc:127.0.0.1:8081/x:m").sameAs(evi.socket("xmlrpc:127.0.0.1:8081:m"))).isTrue();
        for (String bad : List.of("xmlrpc:127.0.0.1:8081", "xmlrpc:127.0.0.1:8081:", "xmlrpc:127.0.0.1::m",
                "xmlrpc:127.0.0.1:0:m", "xmlrpc::8081:m", "xmlrpc:127.0.0.1:x/p:m", "xmlrpc:no-such-host.invalid:1:m")) {
            assertThatThrownBy(() -> evi.subscribe("E_P", bad, 10, true)).as(bad).isInstanceOf(SubscribeException.class);
        }
    }

    @Test
    void paramsOverOpenSipsBufferAreRefused() throws Exception {
        load("");
        RawPeer raw = closing(new RawPeer());
        evi.subscribe("E_X", "xmlrpc:127.0.0.1:" + raw.port() + ":m", 0, false);
        assertThat(evi.raise(evi.find("E_X").orElseThrow(), List.of(EventParam.unnamed("x".repeat(9000))))).isEqualTo(-1);
        assertThat(stats("127.0.0.1:" + raw.port())).containsEntry("failed", 1L).containsEntry("sent", 0L);
        assertThat(evi.raise(evi.find("E_X").orElseThrow(), List.of(EventParam.unnamed("x".repeat(8000))))).isZero();
        assertThat(raw.next(WAIT).length).isGreaterThan(8000);
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> ConfigLoader.load("loadmodule \"event_xmlrpc.so\"\n"
                + "modparam(\"event_xmlrpc\", \"use_struct_param\", 3)\n", "bad.cfg", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("use_struct_param: expected 0 or 1, found 3");
    }
}
