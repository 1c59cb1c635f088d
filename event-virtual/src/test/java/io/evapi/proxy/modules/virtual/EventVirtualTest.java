package io.evapi.proxy.modules.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.modules.stream.JsonRpcPeer;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.EventSocket;
import io.evapi.proxy.spi.event.SubscribeException;
import io.evapi.proxy.spi.mi.MiCommands;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** event_virtual over real event_stream (TCP) and event_datagram (UDP) sub-sockets. */
class EventVirtualTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private CompiledConfig config;
    private EventInterface evi;

    private void load(String modparams) throws Exception {
        config = ConfigLoader.load("""
                loadmodule "event_datagram.so"
                loadmodule "event_stream.so"
                loadmodule "event_virtual.so"
                %s
                route[PUBLISH] { raise_event("E_V"); }
                """.formatted(modparams), "virtual.cfg", null);
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

    private JsonRpcPeer peer(JsonRpcPeer.Mode mode) {
        JsonRpcPeer p = new JsonRpcPeer(mode);
        closeables.add(p);
        return p;
    }

    private int raise(int i) {
        return evi.raise(evi.find("E_V").orElseThrow(), List.of(EventParam.of("i", i)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> stats(String socket) throws Exception {
        Map<String, Object> all = (Map<String, Object>) config.service(MiCommands.class).orElseThrow()
                .execute("event_virtual:stats", null);
        return ((List<Map<String, Object>>) all.get("Subscribers")).stream()
                .filter(m -> m.get("socket").equals(socket)).findFirst()
                .orElseThrow(() -> new AssertionError(socket + " not in " + all));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> sub(Map<String, Object> stats, int index) {
        return ((List<Map<String, Object>>) stats.get("Sockets")).get(index);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void failoverToTheSecondSocketWithinOneEventWhenTheFirstIsDown() throws Exception {
        load("");
        String down = "tcp:127.0.0.1:" + closedPort();
        JsonRpcPeer up = peer(JsonRpcPeer.Mode.SILENT);
        String v = "virtual:FAILOVER " + down + " " + up.sock();
        evi.subscribe("E_V", v, 0, false);
        assertThat(raise(0)).isZero();
        assertThat(up.next(WAIT).get("params").get("i").asInt()).isEqualTo(0);
        await().atMost(WAIT).until(() -> stats(v).get("delivered").equals(1L));
        Map<String, Object> s = stats(v);
        assertThat(sub(s, 0)).containsEntry("tries", 1L).containsEntry("failures", 1L);
        assertThat(sub(s, 1)).containsEntry("tries", 1L).containsEntry("failures", 0L);
        assertThat((Long) sub(s, 0).get("resting_s")).isBetween(1L, 30L);
        // within failover_timeout the failed socket is skipped: straight to the second
        assertThat(raise(1)).isZero();
        assertThat(up.next(WAIT).get("params").get("i").asInt()).isEqualTo(1);
        await().atMost(WAIT).until(() -> stats(v).get("delivered").equals(2L));
        s = stats(v);
        assertThat(sub(s, 0)).containsEntry("tries", 1L).containsEntry("skipped", 1L);
        assertThat(sub(s, 1)).containsEntry("tries", 2L);
        assertThat(s).containsEntry("failed", 0L).containsEntry("in_flight", 0L);
    }

    @Test
    void failoverOnAnErrorReplyInReliableMode() throws Exception {
        load("modparam(\"event_stream\", \"reliable_mode\", 1)\nmodparam(\"event_virtual\", \"failover_timeout\", 0)");
        JsonRpcPeer refusing = peer(JsonRpcPeer.Mode.ERROR);
        JsonRpcPeer taking = peer(JsonRpcPeer.Mode.RESULT);
        String v = "virtual:FAILOVER " + refusing.sock() + " " + taking.sock();
        evi.subscribe("E_V", v, 0, false);
        for (int i = 0; i < 3; i++) {
            raise(i);
            // the first answers an error, so the same event goes on to the second
            assertThat(refusing.next(WAIT).get("params").get("i").asInt()).isEqualTo(i);
            assertThat(taking.next(WAIT).get("params").get("i").asInt()).isEqualTo(i);
        }
        await().atMost(WAIT).until(() -> stats(v).get("delivered").equals(3L));
        assertThat(sub(stats(v), 0)).containsEntry("failures", 3L).containsEntry("skipped", 0L);
    }

    @Test
    void everySocketDownFailsTheEventAndThenTheRaiseRefusesAtOnce() throws Exception {
        load("");
        String v = "virtual:FAILOVER tcp:127.0.0.1:" + closedPort() + " tcp:127.0.0.1:" + closedPort();
        evi.subscribe("E_V", v, 0, false);
        assertThat(raise(0)).as("accepted: the connections fail later").isZero();
        await().atMost(WAIT).until(() -> stats(v).get("failed").equals(1L));
        assertThat((String) stats(v).get("last_error")).endsWith("connect failed: Connection refused");
        // both rest for failover_timeout: nothing to try, the raise says so
        assertThat(raise(1)).isEqualTo(-1);
        Map<String, Object> s = stats(v);
        assertThat(s).containsEntry("failed", 2L).containsEntry("last_error",
                "every socket rests after a failure (failover_timeout)");
        assertThat(sub(s, 0)).containsEntry("skipped", 1L);
        assertThat(sub(s, 1)).containsEntry("skipped", 1L);
    }

    @Test
    void roundRobinOverThree() throws Exception {
        load("");
        List<JsonRpcPeer> peers = List.of(peer(JsonRpcPeer.Mode.SILENT), peer(JsonRpcPeer.Mode.SILENT),
                peer(JsonRpcPeer.Mode.SILENT));
        String v = "virtual:ROUND-ROBIN " + peers.get(0).sock() + " " + peers.get(1).sock() + " " + peers.get(2).sock();
        evi.subscribe("E_V", v, 0, false);
        for (int i = 0; i < 9; i++) {
            assertThat(raise(i)).isZero();
        }
        for (int p = 0; p < 3; p++) {
            for (int round = 0; round < 3; round++) {
                assertThat(peers.get(p).next(WAIT).get("params").get("i").asInt()).isEqualTo(round * 3 + p);
            }
        }
        await().atMost(WAIT).until(() -> stats(v).get("delivered").equals(9L));
        for (int p = 0; p < 3; p++) {
            assertThat(sub(stats(v), p)).containsEntry("tries", 3L);
        }
        assertThat(peers.stream().mapToInt(x -> x.received.size()).sum()).isZero();
    }

    @Test
    void parallelGivesEveryTransportTheEvent() throws Exception {
        load("");
        JsonRpcPeer tcp = peer(JsonRpcPeer.Mode.SILENT);
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            udp.setSoTimeout((int) WAIT.toMillis());
            String v = "virtual:PARALLEL " + tcp.sock() + "\tudp:127.0.0.1:" + udp.getLocalPort();
            evi.subscribe("E_V", v.replace('\t', ' '), 0, false);
            raise(7);
            assertThat(tcp.next(WAIT).toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_V\",\"params\":{\"i\":7}}");
            DatagramPacket p = new DatagramPacket(new byte[1000], 1000);
            udp.receive(p);
            assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"E_V\",\"params\":{\"i\":7}}");
            await().atMost(WAIT).until(() -> stats(v.replace('\t', ' ')).get("delivered").equals(1L));
        }
    }

    @Test
    void socketsParseMatchAndPrintAsOpenSips() throws Exception {
        load("");
        evi.publish("E_P");
        EventSocket s = evi.socket("virtual: \tFAILOVER  udp:127.0.0.1:9\ttcp:localhost:9/m ");
        closeables.add(s::release);
        assertThat(s.printed()).isEqualTo("virtual:FAILOVER udp:127.0.0.1:9 tcp:localhost:9/m");
        // PARALLEL matches the same sockets in any order; FAILOVER and ROUND-ROBIN only in the same order
        assertThat(evi.socket("virtual:PARALLEL udp:127.0.0.1:9 udp:127.0.0.1:10")
                .sameAs(evi.socket("virtual:PARALLEL udp:127.0.0.1:10 udp:127.0.0.1:9"))).isTrue();
        assertThat(evi.socket("virtual:FAILOVER udp:127.0.0.1:9 udp:127.0.0.1:10")
                .sameAs(evi.socket("virtual:FAILOVER udp:127.0.0.1:10 udp:127.0.0.1:9"))).isFalse();
        assertThat(evi.socket("virtual:ROUND-ROBIN udp:127.0.0.1:9")
                .sameAs(evi.socket("virtual:FAILOVER udp:127.0.0.1:9"))).isFalse();
        for (String bad : List.of("virtual:", "virtual:failover udp:127.0.0.1:9", "virtual:FAILOVER",
                "virtual:RANDOM udp:127.0.0.1:9", "virtual:PARALLEL udp:127.0.0.1:9 bogus:1",
                "virtual:PARALLEL udp:127.0.0.1")) {
            assertThatThrownBy(() -> evi.subscribe("E_P", bad, 10, true)).as(bad).isInstanceOf(SubscribeException.class);
        }
        assertThatThrownBy(() -> evi.socket("virtual:PARALLEL udp:127.0.0.1:9 bogus:1"))
                .hasMessageContaining("socket 2 of virtual:PARALLEL, 'bogus:1': no transport for protocol 'bogus'");
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> ConfigLoader.load("loadmodule \"event_virtual.so\"\n"
                + "modparam(\"event_virtual\", \"failover_timeout\", -1)\n", "bad.cfg", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("failover_timeout: expected 0 to 86400");
    }

    static String params(JsonNode n) {
        return n.get("params").toString();
    }
}
