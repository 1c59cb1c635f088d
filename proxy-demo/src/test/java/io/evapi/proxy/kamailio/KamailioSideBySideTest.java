package io.evapi.proxy.kamailio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evapi.core.client.EvapiClient;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Sipp;
import io.evapi.sip.testkit.SippResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kamailio 5.6 and this proxy side by side: both run {@code kamailio/side-by-side.cfg} (only the ports differ),
 * each with the same scripted evapi application, and get the same SIP requests from sipp. Every case compares
 * the final replies the caller gets and the events the application receives (transaction ids left out), and
 * checks them against what Kamailio was seen to do.
 */
class KamailioSideBySideTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Side kamailio;
    private static Side proxy;

    /** One server under test, with its ports and its application. */
    private static final class Side implements AutoCloseable {
        final String name;
        final int sip = distinctPort();
        final int evapi = distinctPort();
        final int uas = distinctPort();
        final int echo = distinctPort();
        final int ring = distinctPort();
        final App app = new App();
        AutoCloseable server;

        Side(String name) {
            this.name = name;
        }

        String config() {
            return resource("kamailio/side-by-side.cfg").replace("@SIP@", "" + sip).replace("@EVAPI@", "" + evapi)
                    .replace("@UAS@", "" + uas).replace("@ECHO@", "" + echo).replace("@RING@", "" + ring);
        }

        @Override
        public void close() throws Exception {
            app.close();
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * The application, the same for both: it answers each "route" event by the request user (relay, reject,
     * keep-flag; silent gets no answer; hold is answered only when the test says so) and records every event
     * with the transaction ids left out.
     */
    private static final class App implements AutoCloseable {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<JsonNode> held = new CopyOnWriteArrayList<>();
        EvapiClient client;

        void connect(int port) {
            EvapiClient[] self = new EvapiClient[1];
            client = EvapiClient.builder("127.0.0.1", port).reconnect(false).onFrame(frame -> {
                JsonNode event;
                try {
                    event = JSON.readTree(frame);
                } catch (IOException e) {
                    events.add("not json: " + frame);
                    return;
                }
                ObjectNode seen = event.deepCopy();
                seen.remove("index");
                seen.remove("label");
                events.add(seen.toString());
                if (!"route".equals(event.path("event").asText())) {
                    return;
                }
                ObjectNode answer = JSON.createObjectNode();
                answer.set("index", event.get("index"));
                answer.set("label", event.get("label"));
                switch (event.path("user").asText()) {
                    case "relay" -> self[0].send(answer.put("action", "relay").toString());
                    case "reject" -> self[0].send(answer.put("action", "reject").put("code", 486)
                            .put("reason", "Busy Here").toString());
                    case "keep-flag" -> self[0].send(answer.put("action", "flag-check").toString());
                    case "hold" -> held.add(answer.put("action", "relay"));
                    default -> { } // silent: the transaction waits for its timer
                }
            }).build();
            self[0] = client;
            client.connect().join();
            await().atMost(LIMIT).until(client::isConnected);
        }

        void releaseHeld() {
            held.forEach(a -> client.send(a.toString()).join());
            held.clear();
        }

        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
        }
    }

    @BeforeAll
    static void startBoth() throws Exception {
        kamailio = new Side("kamailio");
        proxy = new Side("this proxy");
        kamailio.server = Kamailio.start(kamailio.config(), kamailio.sip, kamailio.evapi, LIMIT);
        proxy.server = RunningProxy.start(ProxyHost.load(proxy.config(), "side-by-side.cfg"));
        kamailio.app.connect(kamailio.evapi);
        proxy.app.connect(proxy.evapi);
    }

    @AfterAll
    static void stopBoth() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    /**
     * One case: the request (a sipp scenario), the UAS it needs, the final replies Kamailio gives (the
     * expectation both must meet) and the events the application gets.
     */
    record Case(String name, Uac uac, String uasScenario, List<String> replies, List<String> events,
            boolean releaseHeld, boolean callCompletes) {

        Case(String name, Uac uac, String uasScenario, List<String> replies, List<String> events, boolean releaseHeld) {
            this(name, uac, uasScenario, replies, events, releaseHeld, true);
        }

        /** sipp aborts the call on both (a reply whose CSeq method is not the request's, as the request had it). */
        Case abortedBySipp() {
            return new Case(name, uac, uasScenario, replies, events, releaseHeld, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // async relay and resume: suspended, the application answers, t_continue relays to the UAS
                new Case("async relay and resume", Uac.request("OPTIONS", "relay", 200), "uas", List.of("200 UAS OK"),
                        List.of("{\"event\":\"route\",\"user\":\"relay\",\"method\":\"OPTIONS\",\"armed\":0}",
                                "{\"event\":\"continued\",\"action\":\"relay\",\"rc\":1}"), false),
                new Case("reject by the application", Uac.request("INVITE", "reject", 486), null,
                        List.of("486 Busy Here"),
                        List.of("{\"event\":\"route\",\"user\":\"reject\",\"method\":\"INVITE\",\"armed\":0}",
                                "{\"event\":\"continued\",\"action\":\"reject\",\"rc\":1}"), false),
                new Case("timeout through failure_route", Uac.request("INVITE", "silent", 480), null,
                        List.of("480 Timeout In Failure Route"),
                        List.of("{\"event\":\"route\",\"user\":\"silent\",\"method\":\"INVITE\",\"armed\":1}",
                                "{\"event\":\"timeout\",\"user\":\"silent\",\"code\":408}"), false),
                new Case("CANCEL of a suspended call", Uac.cancelAfter("hold", "100"), null,
                        List.of("487 Request canceled", "200 ok -- no more pending branches"),
                        List.of("{\"event\":\"route\",\"user\":\"hold\",\"method\":\"INVITE\",\"armed\":0}",
                                "{\"event\":\"continued\",\"action\":\"relay\",\"rc\":-1}"), true),
                new Case("CANCEL of a relayed call: failure_route with t_is_canceled", Uac.cancelAfter("ringing",
                        "180"), "ring", List.of("200 canceling", "487 Request Terminated"),
                        List.of("{\"event\":\"canceled\",\"user\":\"ringing\",\"code\":487}"), false),
                new Case("flags kept with a suspended transaction", Uac.request("OPTIONS", "keep-flag", 200), null,
                        List.of("200 Flag 7 Kept"),
                        List.of("{\"event\":\"route\",\"user\":\"keep-flag\",\"method\":\"OPTIONS\",\"armed\":0}",
                                "{\"event\":\"continued\",\"action\":\"flag-check\",\"rc\":1}"), false),
                new Case("setflag, setbflag, $mf, $bf, t_precheck_trans", Uac.request("OPTIONS", "flags", 200), null,
                        List.of("200 Flags mf=32 bf=8 precheck=0"), List.of(), false),
                new Case("uri == myself", Uac.request("OPTIONS", "me", 200), null, List.of("200 Myself"), List.of(),
                        false),
                new Case("uri != myself", Uac.request("OPTIONS", "me", 404).ruriHost("192.0.2.99"), null,
                        List.of("404 Not Myself"), List.of(), false),
                new Case("switch falls through to break", Uac.request("OPTIONS", "sw-a", 200), null,
                        List.of("200 Switch ab"), List.of(), false),
                new Case("switch case with break", Uac.request("OPTIONS", "sw-c", 200), null,
                        List.of("200 Switch c"), List.of(), false),
                new Case("switch default", Uac.request("OPTIONS", "sw-z", 200), null,
                        List.of("200 Switch default"), List.of(), false),
                new Case("string literals are text", Uac.request("OPTIONS", "literal", 200), null,
                        List.of("200 {\"event\":\"literal\",\"user\":\"$rU\"}"),
                        List.of("{\"event\":\"literal\",\"user\":\"$rU\"}", "{\"event\":\"formatted\",\"user\":\"literal\"}"),
                        false),
                new Case("sanity_check on a CSeq method mismatch", Uac.request("OPTIONS", "insane", 400)
                        .cseqMethod("INVITE"), null, List.of("400 CSeq method does not match request method"),
                        List.of(), false).abortedBySipp(),
                new Case("sanity_check on an Expires that is no number", Uac.request("REGISTER", "insane", 400)
                        .header("Expires: abc"), null, List.of("400 Expires value is illegal"), List.of(), false),
                new Case("remove_hf and is_present_hf read the received message", Uac.request("OPTIONS", "hdrs", 200)
                        .header("X-A: one"), null, List.of("200 Headers rm=1 present=1 added=0"), List.of(), false),
                new Case("t_reply without a transaction fails", Uac.request("OPTIONS", "notrans", 500), null,
                        List.of("500 No Transaction"), List.of(), false),
                new Case("t_reply's reason is not formatted; $T_reply_code", Uac.request("OPTIONS", "treply", 202),
                        null, List.of("202 Accepted $rU"),
                        List.of("{\"event\":\"replied\",\"code\":202,\"code2\":202}"), false),
                new Case("no parentheses, strempty, $TS/$Ts, {s.rm}, $avp($var(x)), $var names",
                        Uac.request("OPTIONS", "misc", 200), null,
                        List.of("200 Misc i=3 rm=abc avp=dyn var=0 named=lit t=1"), List.of(), false),
                new Case("max_recursive_level", Uac.request("OPTIONS", "deep", 200), null,
                        List.of("200 Depth 254 rc=-1"), List.of(), false),
                new Case("t_on_branch and branch_route", Uac.request("OPTIONS", "branch", 200), "echo",
                        List.of("200 X-Branch: marked"), List.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void kamailioAndThisProxyAnswerAlike(Case c) throws Exception {
        int kamailioBefore = kamailio.app.events.size();
        int proxyBefore = proxy.app.events.size();
        try (Sipp.Running kUas = uas(c.uasScenario(), kamailio); Sipp.Running pUas = uas(c.uasScenario(), proxy)) {
            CompletableFuture<SippResult> onKamailio = CompletableFuture.supplyAsync(() -> c.uac().run(kamailio.sip));
            CompletableFuture<SippResult> onProxy = CompletableFuture.supplyAsync(() -> c.uac().run(proxy.sip));
            SippResult k = onKamailio.get();
            SippResult p = onProxy.get();
            if (c.releaseHeld()) {
                await("both applications hold the event (Kamailio " + kamailio.app.events + ", this proxy "
                        + proxy.app.events + ")").atMost(LIMIT)
                        .until(() -> kamailio.app.held.size() == 1 && proxy.app.held.size() == 1);
                kamailio.app.releaseHeld();
                proxy.app.releaseHeld();
            }
            List<String> kReplies = finalReplies(k, c.callCompletes());
            List<String> pReplies = finalReplies(p, c.callCompletes());
            await("the events (Kamailio " + kamailio.app.events + ", this proxy " + proxy.app.events + ")")
                    .atMost(LIMIT).until(() -> kamailio.app.events.size() >= kamailioBefore + c.events().size()
                    && proxy.app.events.size() >= proxyBefore + c.events().size());
            List<String> kEvents = kamailio.app.events.subList(kamailioBefore, kamailio.app.events.size());
            List<String> pEvents = proxy.app.events.subList(proxyBefore, proxy.app.events.size());

            String both = "Kamailio: " + kReplies + " " + kEvents + "\nthis proxy: " + pReplies + " " + pEvents
                    + "\nKamailio's sipp: " + k.describe() + "\nthis proxy's sipp: " + p.describe();
            assertThat(pReplies).as("final replies\n" + both).isEqualTo(kReplies);
            assertThat(kReplies).as("Kamailio's final replies, as seen when this test was written\n" + both)
                    .isEqualTo(c.replies());
            assertThat(List.copyOf(pEvents)).as("events\n" + both).isEqualTo(List.copyOf(kEvents));
            assertThat(List.copyOf(kEvents)).as("Kamailio's events\n" + both).isEqualTo(c.events());
            assertThat(p.successfulCalls()).as(both).isEqualTo(k.successfulCalls());
            assertThat(k.successfulCalls()).as(both).isEqualTo(c.callCompletes() ? 1 : 0);
        }
    }

    /**
     * The final replies (200 and above) sipp received, in order, from its message trace; when sipp aborted the
     * call, only the first (the trace repeats the message it aborted on).
     */
    private static List<String> finalReplies(SippResult r, boolean completes) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(r.workDir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_messages.log")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                    String l = line.strip();
                    if (l.startsWith("SIP/2.0 ") && l.length() > 11 && l.charAt(8) >= '2'
                            && (completes || out.isEmpty())) {
                        out.add(l.substring(8));
                    }
                }
            }
        }
        return out;
    }

    private static Sipp.Running uas(String scenario, Side side) {
        if (scenario == null) {
            return null;
        }
        int port = switch (scenario) {
            case "uas" -> side.uas;
            case "echo" -> side.echo;
            default -> side.ring;
        };
        Sipp sipp = scenario.equals("ring") ? Sipp.scenario("sipp/uas-ring-cancel.xml")
                : Sipp.xml("uas-" + scenario, uasXml(scenario.equals("echo") ? "[last_X-Branch:]" : "UAS OK"));
        return sipp.localPort(port).calls(1).timeout(LIMIT).start();
    }

    private static String uasXml(String reason) {
        return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <!DOCTYPE scenario SYSTEM "sipp.dtd">
                <scenario name="uas">
                  <recv request="OPTIONS" crlf="true"/>
                  <send>
                    <![CDATA[
                      SIP/2.0 200 %s
                      [last_Via:]
                      [last_From:]
                      [last_To:];tag=[pid]SIPpTag01[call_number]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Content-Length: 0
                    ]]>
                  </send>
                </scenario>
                """.formatted(reason);
    }

    /** A caller: one request and what it expects, or an INVITE it cancels after a given reply. */
    record Uac(String method, String user, int expected, String ruriHost, String cseqMethod, List<String> headers,
            String cancelAfter) {

        static Uac request(String method, String user, int expected) {
            return new Uac(method, user, expected, null, null, List.of(), null);
        }

        static Uac cancelAfter(String user, String reply) {
            return new Uac("INVITE", user, 487, null, null, List.of(), reply);
        }

        Uac ruriHost(String host) {
            return new Uac(method, user, expected, host, cseqMethod, headers, cancelAfter);
        }

        Uac cseqMethod(String m) {
            return new Uac(method, user, expected, ruriHost, m, headers, cancelAfter);
        }

        Uac header(String h) {
            List<String> all = new ArrayList<>(headers);
            all.add(h);
            return new Uac(method, user, expected, ruriHost, cseqMethod, List.copyOf(all), cancelAfter);
        }

        SippResult run(int port) {
            // no -p: sipp takes a free port itself (two callers run at once, and a port found free twice is one)
            return Sipp.xml("uac-" + user, xml()).remote("127.0.0.1:" + port).timeout(LIMIT).args("-trace_msg")
                    .run();
        }

        private String xml() {
            String ruri = "sip:" + user + "@" + (ruriHost == null ? "[remote_ip]:[remote_port]" : ruriHost);
            String branch = "z9hG4bK-[pid]-[call_number]-req";
            String common = """
                      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                      To: <%s>%%s
                      Call-ID: [call_id]
                    """.formatted(ruri);
            StringBuilder x = new StringBuilder("""
                    <?xml version="1.0" encoding="ISO-8859-1" ?>
                    <!DOCTYPE scenario SYSTEM "sipp.dtd">
                    <scenario name="uac">
                      <send retrans="500">
                        <![CDATA[
                          %s %s SIP/2.0
                          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=%s
                    """.formatted(method, ruri, branch));
            x.append(common.formatted(""));
            x.append("      CSeq: 1 ").append(cseqMethod == null ? method : cseqMethod).append('\n');
            x.append("      Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>\n");
            x.append("      Max-Forwards: 70\n");
            headers.forEach(h -> x.append("      ").append(h).append('\n'));
            x.append("      Content-Length: 0\n    ]]>\n  </send>\n");
            boolean suspended = "100".equals(cancelAfter); // no branch downstream: the INVITE is answered first
            if (cancelAfter != null) {
                if (cancelAfter.equals("180")) {
                    x.append("  <recv response=\"100\" optional=\"true\"/>\n");
                }
                x.append("  <recv response=\"").append(cancelAfter).append("\"/>\n");
                x.append("""
                          <send retrans="500">
                            <![CDATA[
                              CANCEL %s SIP/2.0
                              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=%s
                        """.formatted(ruri, branch));
                x.append(common.formatted(""));
                x.append("      CSeq: 1 CANCEL\n      Max-Forwards: 70\n      Content-Length: 0\n    ]]>\n  </send>\n");
                x.append("  <recv response=\"180\" optional=\"true\"/>\n");
                x.append(suspended ? "  <recv response=\"487\"/>\n" : "  <recv response=\"200\"/>\n  <recv response=\"487\"/>\n");
            } else {
                x.append("  <recv response=\"100\" optional=\"true\"/>\n");
                if (method.equals("INVITE")) {
                    x.append("  <recv response=\"180\" optional=\"true\"/>\n");
                }
                x.append("  <recv response=\"").append(expected).append("\"/>\n");
            }
            if (method.equals("INVITE") && expected >= 300) {
                x.append("""
                          <send>
                            <![CDATA[
                              ACK %s SIP/2.0
                              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=%s
                        """.formatted(ruri, branch));
                x.append(common.formatted("[peer_tag_param]"));
                x.append("      CSeq: 1 ACK\n      Max-Forwards: 70\n      Content-Length: 0\n    ]]>\n  </send>\n");
                if (suspended) {
                    x.append("  <recv response=\"200\"/>\n");
                }
            }
            return x.append("</scenario>\n").toString();
        }
    }

    private static final java.util.Set<Integer> TAKEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A port free for UDP and TCP now and not handed out before by this test (the OS hands a freed one again). */
    private static int distinctPort() {
        while (true) {
            int port = FreePorts.udpAndTcp();
            if (TAKEN.add(port)) {
                return port;
            }
        }
    }

    static String resource(String name) {
        try (InputStream in = KamailioSideBySideTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
