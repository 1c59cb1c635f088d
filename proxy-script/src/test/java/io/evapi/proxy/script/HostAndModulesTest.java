package io.evapi.proxy.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.proxy.pv.AvpStore;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptHost;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostAndModulesTest {

    @Test
    void modparamsReachTheModuleWithDefaultsForTheRest() throws Exception {
        Scripts.load("""
                loadmodule "/usr/lib/x86_64-linux-gnu/kamailio/modules/testmod.so"
                modparam("testmod", "mode", "b")
                modparam("testmod", "item", "one")
                modparam("testmod", "item", "two")
                """);
        assertThat(TestModule.lastParameters).containsEntry("mode", "b").containsEntry("level", 1L)
                .containsEntry("item", List.of("one", "two"));
    }

    @Test
    void moduleRunsEventRoutesThroughTheHost() throws Exception {
        CompiledConfig config = Scripts.load("""
                loadmodule "pv"; loadmodule "testmod"
                modparam("testmod", "mode", "from-config")
                event_route[test:event] {
                    $avp(seen) = $tst(mode) + ":" + $avp(input);
                    return 5;
                }
                event_route["test:other-event"] { exit; }
                """);
        ScriptHost host = TestModule.lastHost;
        ScriptHost.Route route = host.route(ScriptHost.RouteKind.EVENT, "test:event").orElseThrow();
        AvpStore avps = new AvpStore();
        avps.add("input", "x");
        int rc = host.run(route, RouteType.EVENT, run -> run.put(AvpStore.KEY, avps));
        assertThat(rc).isEqualTo(5);
        assertThat(avps.get("seen")).isEqualTo("from-config:x");
        assertThat(host.run(host.route(ScriptHost.RouteKind.EVENT, "test:other-event").orElseThrow(),
                RouteType.EVENT, run -> { })).isZero();
        assertThat(host.route(ScriptHost.RouteKind.EVENT, "absent")).isEmpty();
        assertThat(config.route(ScriptHost.RouteKind.REQUEST, "")).isEmpty();
    }

    @Test
    void aRouteRunByTheHostCanRunAsFailureType() throws Exception {
        Scripts.load("""
                loadmodule "pv"; loadmodule "testmod"
                route[RESUME] { $avp(x) = "resumed"; t_fail(); }
                """);
        ScriptHost host = TestModule.lastHost;
        ScriptHost.Route resume = host.route(ScriptHost.RouteKind.ROUTE, "RESUME").orElseThrow();
        AvpStore avps = new AvpStore();
        assertThat(host.run(resume, RouteType.FAILURE, run -> run.put(AvpStore.KEY, avps)))
                .isEqualTo(ScriptHost.FAILED);
        assertThat(avps.get("x")).isEqualTo("resumed");
    }
}
