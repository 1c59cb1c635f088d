package io.evapi.proxy.modules.evi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.RaisedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** raise_event's 3.x semantics, subscribe_event, event_route with $param, on configs run without SIP. */
class ScriptFunctionsTest {
    private final List<String> payloads = new CopyOnWriteArrayList<>();

    private CompiledConfig load(String text) throws Exception {
        // Kamailio-style configs using OpenSIPS's functions: the variables come with module pv
        CompiledConfig config = ConfigLoader.load("loadmodule \"pv.so\"\n" + text, "test.cfg", null);
        config.service(EventInterface.class).orElseThrow().registerTransport(new EventTransport<String>() {
            public String proto() {
                return "rec";
            }

            public String parse(String address) {
                return address;
            }

            public boolean matches(String a, String b) {
                return a.equals(b);
            }

            public String print(String s) {
                return s;
            }

            public int raise(RaisedEvent event, String socket) {
                payloads.add(socket + " " + new String(event.jsonRpcBytes()));
                return 0;
            }
        });
        return config;
    }

    private static int run(CompiledConfig config, String route) {
        ScriptHost.Route r = config.route(ScriptHost.RouteKind.ROUTE, route).orElseThrow();
        return config.run(r, RouteType.REQUEST, ctx -> { });
    }

    @Test
    void raiseEventAsOpenSips3() throws Exception {
        CompiledConfig config = load("""
                route[SUB] { subscribe_event("E_X", "rec:a"); }
                route[NAMED] {
                    $avp(n) = "n"; $avp(n) = "ip";
                    $avp(v) = 5; $avp(v) = "1.2.3.4";
                    raise_event("E_X", $avp(n), $avp(v));
                }
                route[UNNAMED] { $avp(w) = 1; $avp(w) = "2"; raise_event("E_X", , $avp(w)); }
                route[ATTRS_ONLY] { $avp(a) = "x"; raise_event("E_X", $avp(a)); }
                route[BARE] { raise_event("E_X"); }
                route[MISSING] { $avp(m) = "only"; $avp(o) = 1; $avp(o) = 2; raise_event("E_X", $avp(m), $avp(o)); }
                """);
        config.start();
        try {
            assertThat(run(config, "BARE")).as("no subscriber is true").isEqualTo(1);
            assertThat(run(config, "SUB")).isEqualTo(1);
            run(config, "NAMED");
            run(config, "UNNAMED");
            run(config, "ATTRS_ONLY");
            run(config, "BARE");
            assertThat(run(config, "MISSING")).isEqualTo(-1);
            assertThat(payloads).containsExactly(
                    "a {\"jsonrpc\":\"2.0\",\"method\":\"E_X\",\"params\":{\"ip\":\"1.2.3.4\",\"n\":5}}",
                    "a {\"jsonrpc\":\"2.0\",\"method\":\"E_X\",\"params\":[\"2\",1]}",
                    "a {\"jsonrpc\":\"2.0\",\"method\":\"E_X\"}",
                    "a {\"jsonrpc\":\"2.0\",\"method\":\"E_X\"}");
        } finally {
            config.stop();
        }
    }

    @Test
    void eventRouteGetsParamsOffTheRaisingThread() throws Exception {
        CompiledConfig config = load("""
                route[SUB] { subscribe_event("E_OUT", "rec:out"); }
                route[RAISE] { $avp(n) = "b"; $avp(n) = "a"; $avp(v) = 2; $avp(v) = "one"; raise_event("E_IN", $avp(n), $avp(v)); }
                event_route[E_IN] {
                    $avp(x) = $param(3);
                    $avp(x) = $param(b);
                    $avp(x) = $param(1);
                    raise_event("E_OUT", , $avp(x));
                }
                """);
        assertThat(config.warnings()).as("an event route of an event, raised by the script").isEmpty();
        config.start();
        try {
            run(config, "SUB");
            run(config, "RAISE");
            await().atMost(Duration.ofSeconds(30)).until(() -> payloads.size() == 1);
            // $param(3) is $null: assigning $null adds nothing
            assertThat(payloads).containsExactly("out {\"jsonrpc\":\"2.0\",\"method\":\"E_OUT\",\"params\":[\"one\",2]}");
        } finally {
            config.stop();
        }
    }

    @Test
    void configErrors() {
        assertThatThrownBy(() -> load("route[R] { raise_event(\"$var(x)\"); }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the event name must be a constant string");
        assertThatThrownBy(() -> load("route[R] { raise_event(\"E\", \"names\", $avp(v)); }"))
                .hasMessageContaining("the attrs must be an AVP");
        assertThatThrownBy(() -> load("route[R] { raise_event(\"" + "E".repeat(65) + "\"); }"))
                .hasMessageContaining("1 to 64 characters");
        assertThatThrownBy(() -> load("timer_route[t, 0] { }")).hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> load("modparam(\"event_interface\", \"max_subscribers\", 0)"))
                .hasMessageContaining("max_subscribers");
    }

    @Test
    void subscribeEventRefusals() throws Exception {
        CompiledConfig config = load("""
                route[BADPROTO] { subscribe_event("E_Y", "nope:1"); }
                route[NEG] { subscribe_event("E_Y", "rec:y", -1); }
                route[OK] { subscribe_event("E_Y", "rec:y", 10); }
                """);
        assertThat(run(config, "BADPROTO")).isEqualTo(-1);
        assertThat(run(config, "NEG")).isEqualTo(-1);
        assertThat(run(config, "OK")).isEqualTo(1);
    }
}
