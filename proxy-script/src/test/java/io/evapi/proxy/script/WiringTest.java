package io.evapi.proxy.script;

import static io.evapi.proxy.script.Scripts.route;
import static io.evapi.proxy.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.pv.AvpStore;
import io.evapi.proxy.script.RunResult.Outcome;
import io.evapi.proxy.spi.ScriptHost.RouteKind;
import org.junit.jupiter.api.Test;

/** Values, transformations and route kinds reached through full config text. */
class WiringTest {

    private static Object avp(RunResult r, String name) {
        AvpStore store = r.run().get(AvpStore.KEY);
        return store == null ? null : store.get(name);
    }

    @Test
    void headerAndUriVariablesWithTransformations() throws Exception {
        RunResult r = run(route("""
                $avp(from_user) = $(fu{uri.user});
                $avp(contact) = $(hdr(Contact){s.select,1,:});
                $avp(subject) = $(hdr(Subject){s.toupper});
                $avp(host) = $(ru{uri.host});
                $avp(callid) = $(ci{s.select,0,@});
                $avp(missing) = $hdr(X-Nothing);
                $var(n) = "42";
                $avp(num) = $(var(n){s.int}) + 1;
                $avp(len) = $(fU{s.len});
                $avp(count) = $avp(count) + 1;
                $avp(count) = $avp(count) + 1;
                $avp(nulltext) = $avp(none) + "x";
                """));
        assertThat(r.outcome()).isEqualTo(Outcome.RETURNED);
        assertThat(avp(r, "from_user")).isEqualTo("alice");
        assertThat(avp(r, "contact")).isEqualTo("alice@pc33.atlanta.com>");
        assertThat(avp(r, "subject")).isEqualTo("LUNCH");
        assertThat(avp(r, "host")).isEqualTo("example.com");
        assertThat(avp(r, "callid")).isEqualTo("a84b4c76e66710");
        assertThat(avp(r, "missing")).isNull();
        assertThat(avp(r, "num")).isEqualTo(43L);
        assertThat(avp(r, "len")).isEqualTo(5L);
        assertThat(avp(r, "count")).isEqualTo(2L);
        assertThat(avp(r, "nulltext")).isEqualTo("x");
    }

    @Test
    void evapiStyleJsonTextIsFormattedPerRun() throws Exception {
        RunResult r = run(route("""
                $var(x) = "abc";
                t_store("{ \\"event\\": \\"test\\",\\n" " \\"data\\": { \\"fU\\": \\"$fU\\", \\"len\\": $(var(x){s.len}) }\\n" "}", "$avp(json)");
                """));
        assertThat(avp(r, "json")).isEqualTo("{ \"event\": \"test\",\n \"data\": { \"fU\": \"alice\", \"len\": 3 }\n}");
    }

    @Test
    void everyRouteKindIsReachableThroughTheHost() throws Exception {
        CompiledConfig config = Scripts.load("""
                loadmodule "pv"; loadmodule "testmod"
                request_route { exit; }
                onreply_route { $avp(k) = "main-reply"; return 3; }
                onreply_route[R1] { return 4; }
                branch_route[B1] { return 6; }
                failure_route["F-1"] { return 7; }
                event_route[test:event] { return 8; }
                """);
        assertThat(config.route(RouteKind.REQUEST, "")).isPresent();
        assertThat(config.run(config.route(RouteKind.ONREPLY, "").orElseThrow(),
                io.evapi.proxy.spi.RouteType.ONREPLY, ctx -> { })).isEqualTo(3);
        assertThat(config.run(config.route(RouteKind.ONREPLY, "R1").orElseThrow(),
                io.evapi.proxy.spi.RouteType.ONREPLY, ctx -> { })).isEqualTo(4);
        assertThat(config.run(config.route(RouteKind.BRANCH, "B1").orElseThrow(),
                io.evapi.proxy.spi.RouteType.BRANCH, ctx -> { })).isEqualTo(6);
        assertThat(config.run(config.route(RouteKind.FAILURE, "F-1").orElseThrow(),
                io.evapi.proxy.spi.RouteType.FAILURE, ctx -> { })).isEqualTo(7);
        assertThat(config.route(RouteKind.BRANCH, "nope")).isEmpty();
    }

    @Test
    void definesSubstituteTokensAndPositionsStayOnTheLine() {
        assertThatThrownBy(() -> Scripts.load("""
                #!define LONG_VALUE "a fairly long replacement text"
                loadmodule "pv"; loadmodule "testmod"
                request_route { $var(a) = LONG_VALUE; t_echo(1) t_echo(2); }
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("test.cfg:3:49: expected ';' after function call, found 't_echo'");
    }

    @Test
    void legacyRouteBlockIsTheRequestRoute() throws Exception {
        RunResult r = run(Scripts.load("loadmodule \"pv\"; loadmodule \"testmod\"\nroute { $avp(a) = 1; return(9); }\n"));
        assertThat(r.outcome()).isEqualTo(Outcome.RETURNED);
        assertThat(r.returnCode()).isEqualTo(9);
        assertThat(avp(r, "a")).isEqualTo(1L);
    }

    @Test
    void moduleConfigErrorsPointAtTheModparamOrTheLoadmoduleLine() {
        assertThatThrownBy(() -> Scripts.load("#!KAMAILIO\n\nloadmodule \"strictmod.so\"\nrequest_route { exit; }\n"))
                .hasMessage("test.cfg:3:12: modparam strictmod.port: expected a port from 1 to 65535, found 0");
        assertThatThrownBy(() -> Scripts.load("loadmodule \"strictmod\"\n\nmodparam(\"strictmod\", \"port\", 70000)\n"))
                .hasMessage("test.cfg:3:1: modparam strictmod.port: expected a port from 1 to 65535, found 70000");
    }

    @Test
    void routeCallsAsConditions() throws Exception {
        RunResult r = run(Scripts.load("""
                loadmodule "pv"; loadmodule "testmod"
                route[YES] { return 2; }
                route[NO] { return -1; }
                request_route {
                    if (route(YES)) { $avp(a) = "yes:" + $rc; }
                    if (!route(NO)) { $avp(b) = "no:" + $rc; }
                    if (route("YES") && route(NO)) { $avp(c) = 1; } else { $avp(c) = 2; }
                }
                """));
        assertThat(r.outcome()).isEqualTo(Outcome.RETURNED);
        assertThat(avp(r, "a")).isEqualTo("yes:2");
        assertThat(avp(r, "b")).isEqualTo("no:-1");
        assertThat(avp(r, "c")).isEqualTo(2L);

        assertThat(run(Scripts.load("route[D] { drop; }\nrequest_route { if (route(D)) { exit; } }\n")).outcome())
                .isEqualTo(Outcome.DROP);
        assertThat(run(Scripts.load("route[Z] { return 0; }\nrequest_route { if (route(Z)) { return 5; } return 6; }\n"))
                .outcome()).isEqualTo(Outcome.EXIT);
        assertThatThrownBy(() -> Scripts.load("request_route {\n  if (route(NOPE)) { exit; }\n}\n"))
                .hasMessage("test.cfg:2:7: route(NOPE) calls a route that is not defined: expected a route[NOPE] block");
        assertThatThrownBy(() -> Scripts.load("""
                loadmodule "pv"; loadmodule "testmod"
                failure_route[F] { if (route(R)) { exit; } }
                route[R] { only_request(); }
                """)).hasMessage("test.cfg:3:12: only_request() cannot be used in a failure route: allowed in [REQUEST]");
    }

    @Test
    void definesExpandInsideDefinesAndNotInsideStrings() throws Exception {
        RunResult r = run(Scripts.load("""
                #!define BASE 40
                #!define ANSWER BASE + 2
                #!define SELF SELF
                #!define SUFFIX "_x"
                loadmodule "pv"
                request_route { $avp(a) = ANSWER; $avp(b) = "ANSWER" + SUFFIX; }
                """));
        assertThat(avp(r, "a")).isEqualTo(42L);
        assertThat(avp(r, "b")).isEqualTo("ANSWER_x");
        assertThatThrownBy(() -> Scripts.load("#!define SELF SELF\nrequest_route { SELF; }\n"))
                .hasMessage("test.cfg:2:17: unknown function SELF(): no loaded module exports it");
    }

    @Test
    void runtimeErrorsNameTheRouteTheyHappenedIn() throws Exception {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("script");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            RunResult r = run(Scripts.load("""
                    loadmodule "pv"
                    route[OUTER] { route(INNER); }
                    route[INNER] {
                        $var(zero) = 0;
                        $var(x) = 1 / $var(zero);
                    }
                    request_route { route(OUTER); exit; }
                    """));
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(appender.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .containsExactly("script error in route[INNER] (run from request_route) at test.cfg:5:5: division by zero");
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void severalSyntaxErrorsAreReportedTogether() {
        assertThatThrownBy(() -> Scripts.load("""
                loadmodule "pv"; loadmodule "testmod"
                request_route {
                    t_echo(1)
                    if ($rm == "INVITE") { t_echo(2); }
                    $var(a) = ;
                    if ($var(a) == 1 { exit; }
                    t_echo(3);
                }
                route[R] { return 1 2; }
                """)).isInstanceOf(ConfigException.class).hasMessage(String.join("\n",
                "test.cfg:4:5: expected ';' after function call, found 'if'",
                "test.cfg:5:15: expected an expression, found ';'",
                "test.cfg:6:22: expected ')' to close the if condition, found '{'",
                "test.cfg:9:21: expected ';' after return, found '2'"));
    }

    @Test
    void theWorkedExampleOfTheModuleGuideRunsAsWritten() throws Exception {
        CompiledConfig config = Scripts.load("""
                loadmodule "pv.so"
                loadmodule "testmod.so"
                loadmodule "counter.so"
                modparam("counter", "start", 100)

                request_route {
                    if ($rm == "INVITE") {
                        counter_add("invites", 1);
                    }
                    counter_add("$rm", 1);
                    t_store("requests so far: $counter(invites) INVITEs, $counter(BYE) BYEs", "$avp(a)");
                }
                """);
        run(config);
        RunResult second = run(config);
        assertThat(avp(second, "a")).isEqualTo("requests so far: 102 INVITEs, 100 BYEs");
        assertThatThrownBy(() -> Scripts.load("loadmodule \"counter.so\"\nmodparam(\"counter\", \"start\", -1)\n"))
                .hasMessage("test.cfg:2:1: modparam counter.start: expected 0 or more, found -1");
    }
}
