package io.evapi.proxy.modules.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.EventSocket;
import io.evapi.proxy.spi.event.PublishedEvent;
import io.evapi.proxy.spi.event.RaisedEvent;
import io.evapi.proxy.spi.event.SubscribeException;
import io.evapi.proxy.spi.mi.MiCommands;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** event_stream against real TCP JSON-RPC receivers on loopback. */
class EventStreamTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private CompiledConfig config;
    private EventInterface evi;

    private void load(String modparams) throws Exception {
        config = ConfigLoader.load("""
                loadmodule "event_stream.so"
                %s
                route[PUBLISH] { raise_event("E_A"); raise_event("E_B"); }
                route[RAISE] {
                    $avp(v) = 5; $avp(v) = "1.2.3.4";
                    $avp(n) = "n"; $avp(n) = "ip";
                    raise_event("E_A", $avp(n), $avp(v));
                }
                """.formatted(modparams), "stream.cfg", null);
        config.start();
        evi = config.service(EventInterface.class).orElseThrow();
    }

    private JsonRpcPeer peer(JsonRpcPeer.Mode mode, int closeAfter) {
        JsonRpcPeer p = new JsonRpcPeer(mode, closeAfter);
        closeables.add(p);
        return p;
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

    private int raise(String event, EventParam... params) {
        return evi.raise(evi.find(event).orElseThrow(), List.of(params));
    }

    private Map<String, Object> stats(String destination) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) config.service(MiCommands.class).orElseThrow()
                .execute("event_stream:stats", null);
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
    void objectsBackToBackOnOnePersistentConnectionPerDestination() throws Exception {
        load("");
        JsonRpcPeer p = peer(JsonRpcPeer.Mode.SILENT, 0);
        evi.subscribe("E_A", p.sock(), 0, false);
        evi.subscribe("E_B", p.sock() + "/my_method", 0, false);
        evi.subscribe("E_B", "tcp:localhost:" + p.port() + "/other", 0, false); // same address, same connection
        ScriptHost.Route route = config.route(ScriptHost.RouteKind.ROUTE, "RAISE").orElseThrow();
        assertThat(config.run(route, RouteType.REQUEST, ctx -> { })).isEqualTo(1);
        raise("E_B", EventParam.unnamed("x"), EventParam.unnamed(7L));
        raise("E_A");
        String a1 = "{\"jsonrpc\":\"2.0\",\"method\":\"E_A\",\"params\":{\"ip\":\"1.2.3.4\",\"n\":5}}";
        String b1 = "{\"jsonrpc\":\"2.0\",\"method\":\"other\",\"params\":[\"x\",7]}";
        String b2 = "{\"jsonrpc\":\"2.0\",\"method\":\"my_method\",\"params\":[\"x\",7]}";
        String a2 = "{\"jsonrpc\":\"2.0\",\"method\":\"E_A\"}";
        for (int i = 0; i < 4; i++) {
            p.next(WAIT);
        }
        // no delimiter, no newline: exactly the compact objects one after the other (subscribers newest first)
        assertThat(p.raw()).isEqualTo(a1 + b1 + b2 + a2);
        assertThat(p.connections.get()).isEqualTo(1);
        // counted when the write completes, which the peer may see first
        await().atMost(WAIT).until(() -> stats("tcp:127.0.0.1:" + p.port()).get("sent").equals(4L));
        Map<String, Object> s = stats("tcp:127.0.0.1:" + p.port());
        assertThat(s).containsEntry("connected", true).containsEntry("connects", 1L).containsEntry("sent", 4L)
                .containsEntry("failed", 0L).containsEntry("dropped", 0L).containsEntry("pending", 0L);
    }

    @Test
    void eventParamPutsTheNameFirst() throws Exception {
        load("modparam(\"event_stream\", \"event_param\", \"event\")");
        JsonRpcPeer p = peer(JsonRpcPeer.Mode.SILENT, 0);
        evi.subscribe("E_A", p.sock(), 0, false);
        raise("E_A", EventParam.of("ip", "1.2.3.4"));
        raise("E_A", EventParam.unnamed("x"));
        raise("E_A");
        assertThat(p.next(WAIT).toString()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"method\":\"E_A\",\"params\":{\"event\":\"E_A\",\"ip\":\"1.2.3.4\"}}");
        assertThat(p.next(WAIT).toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_A\",\"params\":[\"E_A\",\"x\"]}");
        assertThat(p.next(WAIT).toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_A\",\"params\":{\"event\":\"E_A\"}}");
    }

    @Test
    void reliableModeIdsRepliesErrorsAndTimeouts() throws Exception {
        // long enough for a peer that answers on a loaded machine; the silent one still times out
        load("modparam(\"event_stream\", \"reliable_mode\", 1)\nmodparam(\"event_stream\", \"timeout\", 3000)");
        JsonRpcPeer ok = peer(JsonRpcPeer.Mode.RESULT, 0);
        JsonRpcPeer err = peer(JsonRpcPeer.Mode.ERROR, 0);
        JsonRpcPeer silent = peer(JsonRpcPeer.Mode.SILENT, 0);
        List<String> statuses = new CopyOnWriteArrayList<>();
        PublishedEvent e = evi.publish("E_REL");
        RaisedEvent raised = new RaisedEvent(e, List.of(EventParam.of("n", 1)));
        Set<Long> ids = new HashSet<>();
        for (JsonRpcPeer p : List.of(ok, err, silent)) {
            EventSocket s = evi.socket(p.sock());
            closeables.add(s::release);
            for (int i = 0; i < 3; i++) {
                assertThat(s.raise(raised, (delivered, why) -> statuses.add(p.port() + " " + delivered + " " + why)))
                        .isZero();
            }
            for (int i = 0; i < 3; i++) {
                JsonNode got = p.next(WAIT);
                // the id comes first, a positive number, unique
                assertThat(got.fieldNames().next()).isEqualTo("id");
                assertThat(got.get("id").isInt()).isTrue();
                assertThat(got.get("id").asLong()).isPositive();
                assertThat(ids.add(got.get("id").asLong())).isTrue();
                assertThat(got.get("method").asText()).isEqualTo("E_REL");
            }
        }
        await().atMost(WAIT).until(() -> statuses.size() == 9);
        assertThat(statuses).filteredOn(s -> s.startsWith(ok.port() + " ")).containsOnly(ok.port() + " true null");
        assertThat(statuses).filteredOn(s -> s.startsWith(err.port() + " "))
                .containsOnly(err.port() + " false error reply: nope");
        assertThat(statuses).filteredOn(s -> s.startsWith(silent.port() + " "))
                .containsOnly(silent.port() + " false no reply within 3000 ms");
        assertThat(stats("tcp:127.0.0.1:" + ok.port())).containsEntry("acked", 3L).containsEntry("pending", 0L);
        assertThat(stats("tcp:127.0.0.1:" + err.port())).containsEntry("errors", 3L).containsEntry("acked", 0L);
        assertThat(stats("tcp:127.0.0.1:" + silent.port())).containsEntry("timeouts", 3L).containsEntry("pending", 0L)
                .containsEntry("connected", true);
    }

    @Test
    void aStalledSubscriberCostsTheOthersNothingAndNeverBlocksTheRaise() throws Exception {
        load("modparam(\"event_stream\", \"queue_size\", 1000)");
        JsonRpcPeer stalled = peer(JsonRpcPeer.Mode.STALL, 0);
        JsonRpcPeer good = peer(JsonRpcPeer.Mode.SILENT, 0);
        evi.subscribe("E_A", stalled.sock(), 0, false);
        evi.subscribe("E_A", good.sock(), 0, false);
        int batches = 40;
        int batch = 500;
        int n = batches * batch;
        String filler = "x".repeat(1000); // 20 MB in all: more than any socket buffers hold
        AtomicBoolean done = new AtomicBoolean();
        Thread raiser = new Thread(() -> {
            // in batches the good subscriber keeps up with; the stalled one fills its queue, then drops
            for (int b = 0; b < batches; b++) {
                for (int i = b * batch; i < (b + 1) * batch; i++) {
                    raise("E_A", EventParam.of("i", i), EventParam.of("pad", filler));
                }
                int expected = (b + 1) * batch;
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(WAIT)
                        .until(() -> good.received.size() == expected);
            }
            done.set(true);
        });
        raiser.setDaemon(true);
        raiser.start();
        await().atMost(WAIT.multipliedBy(2)).untilTrue(done);
        for (int i = 0; i < n; i++) {
            assertThat(good.next(WAIT).get("params").get("i").asInt()).isEqualTo(i);
        }
        Map<String, Object> s = stats("tcp:127.0.0.1:" + stalled.port());
        assertThat((Long) s.get("dropped")).as(s.toString()).isPositive();
        assertThat((Long) s.get("pending")).isLessThanOrEqualTo(1000L);
        await().atMost(WAIT).until(() -> stats("tcp:127.0.0.1:" + good.port()).get("sent").equals((long) n));
        assertThat(stats("tcp:127.0.0.1:" + good.port())).containsEntry("dropped", 0L);
    }

    @Test
    void aPeerThatClosesMidStreamIsReconnectedOnTheNextEvent() throws Exception {
        load("");
        JsonRpcPeer p = peer(JsonRpcPeer.Mode.SILENT, 3);
        evi.subscribe("E_A", p.sock(), 0, false);
        for (int i = 0; i < 3; i++) {
            raise("E_A", EventParam.of("i", i));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(p.next(WAIT).get("params").get("i").asInt()).isEqualTo(i);
        }
        String dest = "tcp:127.0.0.1:" + p.port();
        await().atMost(WAIT).until(() -> stats(dest).get("connected").equals(false));
        raise("E_A", EventParam.of("i", 3));
        assertThat(p.next(WAIT).get("params").get("i").asInt()).isEqualTo(3);
        assertThat(p.connections.get()).isEqualTo(2);
        assertThat(stats(dest)).containsEntry("connects", 2L).containsEntry("connected", true);
    }

    @Test
    void reliableModeFailsWhatTheClosedConnectionOwedAndGarbageClosesIt() throws Exception {
        load("modparam(\"event_stream\", \"reliable_mode\", 1)\nmodparam(\"event_stream\", \"timeout\", 60000)");
        JsonRpcPeer closing = peer(JsonRpcPeer.Mode.SILENT, 2);
        JsonRpcPeer garbage = peer(JsonRpcPeer.Mode.GARBAGE, 0);
        List<String> statuses = new CopyOnWriteArrayList<>();
        RaisedEvent raised = new RaisedEvent(evi.publish("E_REL"), List.of());
        for (JsonRpcPeer p : List.of(closing, garbage)) {
            EventSocket s = evi.socket(p.sock());
            closeables.add(s::release);
            s.raise(raised, (ok, why) -> statuses.add(p.port() + " " + ok + " " + why));
            s.raise(raised, (ok, why) -> statuses.add(p.port() + " " + ok + " " + why));
        }
        // both unanswered events fail as soon as their connection ends, long before the 60 s timeout
        await().atMost(WAIT).until(() -> statuses.size() == 4);
        assertThat(statuses).filteredOn(s -> s.startsWith(closing.port() + " "))
                .containsOnly(closing.port() + " false connection closed");
        assertThat(statuses).filteredOn(s -> s.startsWith(garbage.port() + " ")).hasSize(2)
                .allMatch(s -> s.startsWith(garbage.port() + " false connection closed: bad reply: not JSON"));
        Map<String, Object> g = stats("tcp:127.0.0.1:" + garbage.port());
        assertThat(g).containsEntry("bad_replies", 1L).containsEntry("failed", 2L);
        assertThat((String) g.get("last_error")).startsWith("connection closed: bad reply: not JSON");
    }

    @Test
    void aSubscriberThatIsDownFailsEachEventAndIsTriedAgainOnTheNext() throws Exception {
        load("");
        int port = closedPort();
        List<String> statuses = new CopyOnWriteArrayList<>();
        EventSocket s = evi.socket("tcp:127.0.0.1:" + port);
        closeables.add(s::release);
        RaisedEvent raised = new RaisedEvent(evi.publish("E_DOWN"), List.of());
        assertThat(s.raise(raised, (ok, why) -> statuses.add(ok + " " + why))).isZero();
        await().atMost(WAIT).until(() -> statuses.size() == 1);
        assertThat(statuses.get(0)).isEqualTo("false connect failed: Connection refused");
        try (JsonRpcPeer up = new JsonRpcPeer(JsonRpcPeer.Mode.SILENT, 0)) {
            assertThat(up.port()).isNotEqualTo(port); // the port stays closed; a second subscriber shows the retry
            s.raise(raised, (ok, why) -> statuses.add(ok + " " + why));
            await().atMost(WAIT).until(() -> statuses.size() == 2);
        }
        Map<String, Object> st = stats("tcp:127.0.0.1:" + port);
        assertThat(st).containsEntry("failed", 2L).containsEntry("connects", 0L).containsEntry("connected", false);
        assertThat(st.get("last_error")).isEqualTo("connect failed: Connection refused");
    }

    @Test
    void socketsParseMatchAndPrintAsOpenSips() throws Exception {
        load("");
        evi.publish("E_P");
        JsonRpcPeer p = peer(JsonRpcPeer.Mode.SILENT, 0);
        evi.subscribe("E_P", p.sock() + "/m", 10, true);
        evi.subscribe("E_P", p.sock() + "/m", 20, true); // same host text, port and method: a refresh
        evi.subscribe("E_P", p.sock(), 10, true);
        evi.subscribe("E_P", "tcp:localhost:" + p.port() + "/m", 10, true); // another host text: another subscriber
        EventSocket a = evi.socket(p.sock() + "/m");
        EventSocket b = evi.socket(p.sock() + "/");
        assertThat(a.printed()).isEqualTo(p.sock() + "/m");
        assertThat(b.printed()).isEqualTo(p.sock());
        assertThat(a.sameAs(evi.socket(p.sock() + "/m"))).isTrue();
        assertThat(a.sameAs(b)).isFalse();
        for (String bad : List.of("tcp:127.0.0.1", "tcp:127.0.0.1:0", "tcp:127.0.0.1:65536", "tcp::80", "tcp:h:x/m",
                "tcp:[::1]:80", "tcp:no-such-host.invalid:80")) {
            assertThatThrownBy(() -> evi.subscribe("E_P", bad, 10, true)).as(bad)
                    .isInstanceOf(SubscribeException.class);
        }
        assertThatThrownBy(() -> evi.subscribe("E_P", "tcp:127.0.0.1:0", 10, true))
                .hasMessageContaining("expected a port from 1 to 65535");
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> ConfigLoader.load("loadmodule \"event_stream.so\"\n"
                + "modparam(\"event_stream\", \"reliable_mode\", 2)\n", "bad.cfg", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reliable_mode: expected 0 or 1, found 2");
        assertThatThrownBy(() -> ConfigLoader.load("loadmodule \"event_stream.so\"\n"
                + "modparam(\"event_stream\", \"queue_size\", 0)\n", "bad.cfg", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("queue_size");
    }
}
