package io.evapi.proxy.modules.evapi;

import static io.evapi.proxy.modules.evapi.EvapiHarness.WAIT;
import static io.evapi.proxy.modules.evapi.EvapiHarness.message;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.evapi.proxy.modules.evapi.EvapiHarness.Client;
import io.evapi.proxy.pv.AvpStore;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.pv.EvapiEvent;
import java.io.InputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EvapiReturnCodesTest {
    private static final String BASE = """
            loadmodule "pv.so"; loadmodule "evapi.so"
            modparam("evapi", "bind_addr", "127.0.0.1:@PORT@")
            """;

    @Test
    void everyFunctionReturnsTheDocumentedCodes() throws Exception {
        try (EvapiHarness h = new EvapiHarness(BASE + """
                event_route[evapi:message-received] {
                    $var(long) = "x" + "0123456789012345678901234567890123456789012345678901234567890123";
                    evapi_relay("set_tag_long=" + evapi_set_tag("$var(long)") + ":" + $rc);
                    evapi_set_tag("t");
                    evapi_relay("set_tag=" + $rc);
                    evapi_close();
                    evapi_relay("close=" + $rc);
                }
                request_route {
                    evapi_relay("r"); $avp(relay) = $rc;
                    evapi_multicast("m", "t"); $avp(multicast) = $rc;
                    evapi_unicast("u", "nosuchtag"); $avp(unicast_none) = $rc;
                    evapi_close(); $avp(close) = $rc;
                    evapi_set_tag("x"); $avp(set_tag) = $rc;
                }
                """)) {
            AvpStore none = h.request(message("a", "n1")).run().get(AvpStore.KEY);
            assertThat(none.get("relay")).isEqualTo(-1L);
            assertThat(none.get("multicast")).isEqualTo(-1L);
            assertThat(none.get("close")).as("not in an evapi route").isEqualTo(-1L);
            assertThat(none.get("set_tag")).isEqualTo(-1L);

            Client observer = h.client();
            Client actor = h.client();
            actor.send("go");
            observer.awaitEvent("close=1");
            assertThat(observer.snapshot()).containsSubsequence("set_tag_long=0:-1", "set_tag=1", "close=1");

            AvpStore one = h.request(message("a", "n2")).run().get(AvpStore.KEY);
            assertThat(one.get("relay")).isEqualTo(1L);
            assertThat(one.get("multicast")).as("the tagged client closed").isEqualTo(-1L);
            assertThat(one.get("unicast_none")).isEqualTo(-1L);
        }
    }

    @Test
    void constantTagsAreCheckedAtLoad() {
        assertThatThrownBy(() -> ConfigLoader.load(BASE.replace("@PORT@", "8448")
                + "event_route[evapi:connection-new] { evapi_set_tag(\"\"); }\n", "t.cfg", null))
                .hasMessage("t.cfg:3:37: evapi_set_tag: expected a tag of 1 to 64 characters, found ''");
        assertThatThrownBy(() -> ConfigLoader.load(BASE.replace("@PORT@", "8448")
                + "request_route { $var(x) = $evapi(source); }\n", "t.cfg", null))
                .hasMessage("t.cfg:3:27: unknown key 'source' in $evapi(...): expected srcaddr, srcport, msg or conidx");
    }

    @Test
    void asyncRelayWithoutAMessageRouteIsWarnedAbout() throws Exception {
        String config = BASE.replace("@PORT@", "8448") + "request_route {\n  evapi_async_relay(\"x\");\n}\n";
        assertThat(ConfigLoader.load(config, "t.cfg", null).warnings()).extracting(Object::toString).containsExactly(
                "t.cfg:4:3: evapi_async_relay: the config has no event_route[evapi:message-received]: the"
                        + " application's answers are never read, so no t_continue resumes the suspended transaction"
                        + " (it waits for its timer)");
        assertThat(ConfigLoader.load(config + "event_route[evapi:message-received] { exit; }\n", "t.cfg", null)
                .warnings()).isEmpty();
        assertThat(ConfigLoader.load(BASE.replace("@PORT@", "8448")
                + "event_route[evapi:message-recieved] { exit; }\n", "t.cfg", null).warnings())
                .extracting(Object::toString).containsExactly("t.cfg:3:1: event_route[evapi:message-recieved] is"
                        + " raised by no loaded module, so it never runs: did you mean"
                        + " event_route[evapi:message-received]?");
    }

    @Test
    void rawModeSplitsLinesAndWritesPayloadsAsTheyAre() throws Exception {
        try (EvapiHarness h = new EvapiHarness(BASE + """
                modparam("evapi", "netstring_format", 0)
                event_route[evapi:message-received] { evapi_relay("[$evapi(msg)]"); }
                """)) {
            try (Socket s = new Socket("127.0.0.1", h.port)) {
                s.getOutputStream().write("one\r\ntwo\n".getBytes(UTF_8));
                InputStream in = s.getInputStream();
                assertThat(new String(in.readNBytes("[one][two]".length()), UTF_8)).isEqualTo("[one][two]");
            }
        }
    }

    /** Receives the events that have no event_route. */
    public static final class Recording implements EvapiEventHandler {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(String eventName, EvapiEvent event, Control control) {
            SEEN.add(eventName + ":" + event.message());
            if ("tag-me".equals(event.message())) {
                control.setTag("cb");
            }
        }
    }

    @Test
    void eventCallbackGetsEventsWithoutRoutes() throws Exception {
        Recording.SEEN.clear();
        try (EvapiHarness h = new EvapiHarness(BASE + """
                modparam("evapi", "event_callback", "io.evapi.proxy.modules.evapi.EvapiReturnCodesTest$Recording")
                event_route[evapi:connection-closed] { xlog("closed by route\\n"); }
                request_route { evapi_multicast("to-cb", "cb"); }
                loadmodule "xlog.so"
                """)) {
            Client c = h.client();
            c.send("tag-me");
            await().atMost(WAIT).until(() -> Recording.SEEN.contains("evapi:message-received:tag-me"));
            assertThat(Recording.SEEN).startsWith("evapi:connection-new:null");
            h.request(message("a", "cb1"));
            c.awaitEvent("to-cb");
        }
        assertThat(Recording.SEEN).noneMatch(s -> s.startsWith("evapi:connection-closed"));
        assertThatThrownBy(() -> ConfigLoader.load(BASE.replace("@PORT@", "8448")
                + "modparam(\"evapi\", \"event_callback\", \"no.such.Type\")\n", "t.cfg", null))
                .hasMessageStartingWith("t.cfg:3:1: modparam evapi.event_callback: expected the name of a class");
    }

    @Test
    void badParameterValuesNameTheirLine() {
        assertThatThrownBy(() -> ConfigLoader.load(BASE.replace("@PORT@", "8448")
                + "modparam(\"evapi\", \"slow_client_policy\", \"wait\")\n", "t.cfg", null))
                .hasMessage("t.cfg:3:1: modparam evapi.slow_client_policy: expected drop or close, found 'wait'");
        assertThatThrownBy(() -> ConfigLoader.load(BASE.replace("@PORT@", "8448")
                + "modparam(\"evapi\", \"netstring_format\", 2)\n", "t.cfg", null))
                .hasMessage("t.cfg:3:1: modparam evapi.netstring_format: expected 0 (raw) or 1 (netstring), found 2");
        assertThatThrownBy(() -> ConfigLoader.load("loadmodule \"evapi.so\"\nmodparam(\"evapi\", \"bind_addr\", \"::1:8448\")\n",
                "t.cfg", null)).hasMessageStartingWith("t.cfg:2:1: modparam evapi.bind_addr: bad bind address '::1:8448'");
    }
}
