package io.evapi.proxy.modules.evapi;

import static io.evapi.proxy.modules.evapi.EvapiHarness.WAIT;
import static io.evapi.proxy.modules.evapi.EvapiHarness.message;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.proxy.modules.evapi.EvapiHarness.Client;
import io.evapi.proxy.pv.AvpStore;
import io.evapi.proxy.script.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvapiModuleTest {
    private static final String MODULES = """
            loadmodule "pv.so"
            loadmodule "xlog.so"
            loadmodule "evapi.so"
            modparam("evapi", "bind_addr", "127.0.0.1:@PORT@")
            modparam("evapi", "workers", 2)
            """;

    private static Object avp(RunResult r, String name) {
        return r.run().get(AvpStore.KEY) == null ? null : r.run().get(AvpStore.KEY).get(name);
    }

    @Test
    void relayOfTheAdminGuideJsonSendsItsExactBytes() throws Exception {
        try (EvapiHarness h = new EvapiHarness(MODULES + """
                request_route {
                    if (evapi_relay("{ \\"event\\": \\"test\\",\\n \\"data\\": { \\"fU\\": \\"$fU\\" }\\n}")) {
                        $avp(rc) = "sent";
                    } else {
                        $avp(rc) = "nobody";
                    }
                }
                """)) {
            assertThat(avp(h.request(message("test", "m0")), "rc")).as("no client yet").isEqualTo("nobody");
            try (Socket raw = new Socket("127.0.0.1", h.port)) {
                await().atMost(WAIT).until(() -> "sent".equals(avp(h.request(message("test", "m1")), "rc")));
                String expected = "46:{ \"event\": \"test\",\n \"data\": { \"fU\": \"test\" }\n},";
                byte[] buf = raw.getInputStream().readNBytes(expected.getBytes(UTF_8).length);
                assertThat(new String(buf, UTF_8)).isEqualTo(expected);
            }
        }
    }

    @Test
    void tagsSetFromMessagesSteerMulticastAndUnicast() throws Exception {
        try (EvapiHarness h = new EvapiHarness(MODULES + """
                event_route[evapi:message-received] {
                    if ($evapi(msg) =~ "^tag:") {
                        $var(tag) = $(evapi(msg){s.substr,4,0});
                        if (evapi_set_tag("$var(tag)")) { evapi_relay("tagged:$evapi(conidx):$var(tag)"); }
                    }
                }
                request_route {
                    if ($rm == "MESSAGE" && $fU == "multi") { evapi_multicast("multi:$ci", "a"); exit; }
                    if ($rm == "MESSAGE" && $fU == "uni") { evapi_unicast("uni:$ci", "a"); exit; }
                    evapi_relay("all:$ci");
                }
                """)) {
            Client c0 = h.client();
            Client c1 = h.client();
            Client c2 = h.client();
            // slots follow the server's accept order, which can differ from the clients' connect order:
            // learn each tagged client's conidx from the event its own tagging raises
            c1.send("tag:a");
            int c1Index = taggedIndex(c0, 1);
            c2.send("tag:a");
            int c2Index = taggedIndex(c0, 2);
            Client lower = c1Index < c2Index ? c1 : c2;
            Client higher = lower == c1 ? c2 : c1;

            h.request(message("multi", "m1"));
            h.request(message("uni", "u1"));
            h.request(message("everyone", "end"));
            for (Client c : new Client[] {c0, c1, c2}) {
                c.awaitEvent("all:end@127.0.0.1");
            }
            assertThat(lower.snapshot()).contains("multi:m1@127.0.0.1", "uni:u1@127.0.0.1");
            assertThat(higher.snapshot()).contains("multi:m1@127.0.0.1").doesNotContain("uni:u1@127.0.0.1");
            assertThat(c0.snapshot()).doesNotContain("multi:m1@127.0.0.1", "uni:u1@127.0.0.1");
        }
    }

    /** The conidx in the n-th "tagged:CONIDX:a" event an observer received. */
    private static int taggedIndex(Client observer, int n) {
        await().atMost(WAIT).until(() -> observer.snapshot().stream().filter(e -> e.startsWith("tagged:")).count() >= n);
        String event = observer.snapshot().stream().filter(e -> e.startsWith("tagged:")).skip(n - 1).findFirst()
                .orElseThrow();
        return Integer.parseInt(event.split(":")[1]);
    }

    @Test
    void connectionNewRefusesNonLocalClientsAndTagsLocalOnes() throws Exception {
        try (EvapiHarness h = new EvapiHarness(MODULES + """
                event_route[evapi:connection-new] {
                    if ($evapi(srcaddr) != "127.0.0.1") {
                        evapi_close();
                        exit;
                    }
                    evapi_set_tag("local");
                    evapi_multicast("tagged-local", "local");
                }
                event_route[evapi:connection-closed] {
                    evapi_multicast("closed:$evapi(srcaddr)", "local");
                }
                request_route { evapi_multicast("to-local", "local"); }
                """)) {
            Client local = h.client();
            local.awaitEvent("tagged-local"); // its connection-new route has run: it will get the multicast
            try (Socket remote = new Socket()) {
                remote.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                remote.connect(new InetSocketAddress("127.0.0.1", h.port));
                remote.getOutputStream().write("5:hello,".getBytes(UTF_8));
                assertThat(remote.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            }
            local.awaitEvent("closed:127.0.0.2");
            h.request(message("x", "t1"));
            local.awaitEvent("to-local");
        }
    }

    @Test
    void echoReturnsEveryFrameWholeWhateverTheSplit() throws Exception {
        try (EvapiHarness h = new EvapiHarness(MODULES + """
                event_route[evapi:message-received] { evapi_relay("$evapi(msg)"); }
                """)) {
            for (int split = 1; split < 30; split++) {
                // each connection sends its own messages: a late echo of the previous, closing one is not ours
                List<String> messages = List.of("hello" + split, "{\"a\":\"b:,\",\"n\":" + split + "}", "end" + split);
                StringBuilder stream = new StringBuilder();
                messages.forEach(m -> stream.append(m.length()).append(':').append(m).append(','));
                byte[] all = stream.toString().getBytes(UTF_8);
                int at = Math.min(split, all.length - 1);
                try (Socket s = new Socket("127.0.0.1", h.port)) {
                    s.setTcpNoDelay(true);
                    s.setSoTimeout((int) WAIT.toMillis());
                    OutputStream out = s.getOutputStream();
                    out.write(all, 0, at);
                    out.flush();
                    Thread.onSpinWait();
                    out.write(all, at, all.length - at);
                    out.flush();
                    List<String> mine = new ArrayList<>();
                    InputStream in = s.getInputStream();
                    while (mine.size() < messages.size()) {
                        String frame = readFrame(in);
                        if (messages.contains(frame)) {
                            mine.add(frame);
                        }
                    }
                    assertThat(mine).as("split at %d", at).isEqualTo(messages);
                }
            }
        }
    }

    /** One netstring frame read whole from a blocking socket. */
    private static String readFrame(InputStream in) throws java.io.IOException {
        int length = 0;
        for (int c = in.read(); c != ':'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("closed inside a length");
            }
            length = length * 10 + (c - '0');
        }
        String payload = new String(in.readNBytes(length), UTF_8);
        if (in.read() != ',') {
            throw new AssertionError("a frame without its comma: " + payload);
        }
        return payload;
    }

    @Test
    void malformedClientIsClosedAndMaxClientsRefusesWithoutEvents() throws Exception {
        try (EvapiHarness h = new EvapiHarness(MODULES.replace("modparam(\"evapi\", \"workers\", 2)",
                "modparam(\"evapi\", \"workers\", 2)\nmodparam(\"evapi\", \"max_clients\", 2)") + """
                event_route[evapi:connection-new] { evapi_relay("new:$evapi(conidx)"); }
                request_route { evapi_relay("sip:$ci"); }
                """)) {
            Client good = h.client();
            good.awaitEvent("new:0");
            try (Socket bad = new Socket("127.0.0.1", h.port)) {
                good.awaitEvent("new:1");
                bad.getOutputStream().write("x:oops,".getBytes(UTF_8));
                assertThat(readToEnd(bad.getInputStream())).contains("new:1");
            }
            h.request(message("a", "after-bad"));
            good.awaitEvent("sip:after-bad@127.0.0.1");

            try (Socket second = new Socket("127.0.0.1", h.port)) {
                good.awaitEvent("new:1");
                try (Socket third = new Socket("127.0.0.1", h.port)) {
                    assertThat(third.getInputStream().read()).as("refused").isEqualTo(-1);
                }
                h.request(message("a", "marker"));
                good.awaitEvent("sip:marker@127.0.0.1");
                assertThat(good.snapshot().stream().filter(e -> e.startsWith("new:"))).containsExactly("new:0", "new:1", "new:1");
            }
        }
    }

    private static String readToEnd(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(UTF_8);
    }
}
