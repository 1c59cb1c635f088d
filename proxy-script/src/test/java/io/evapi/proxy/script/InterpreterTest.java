package io.evapi.proxy.script;

import static io.evapi.proxy.script.Scripts.route;
import static io.evapi.proxy.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.proxy.pv.AvpStore;
import io.evapi.proxy.script.RunResult.Outcome;
import org.junit.jupiter.api.Test;

class InterpreterTest {

    private static Object avp(RunResult r, String name) {
        AvpStore store = r.run().get(AvpStore.KEY);
        return store == null ? null : store.get(name);
    }

    private static RunResult runBody(String body) throws Exception {
        return run(route(body));
    }

    @Test
    void ifElseIfElse() throws Exception {
        String body = """
                if ($rm == "REGISTER") { $avp(r) = "reg"; }
                else if ($rm == "INVITE" && $fU == "alice") { $avp(r) = "invite-alice"; }
                else { $avp(r) = "other"; }
                if (!($rm == "INVITE")) $avp(n) = 1; else $avp(n) = 2;
                """;
        RunResult r = runBody(body);
        assertThat(avp(r, "r")).isEqualTo("invite-alice");
        assertThat(avp(r, "n")).isEqualTo(2L);
        assertThat(r.outcome()).isEqualTo(Outcome.RETURNED);
    }

    @Test
    void whileLoopsAndArithmetic() throws Exception {
        RunResult r = runBody("""
                $var(i) = 0; $var(sum) = 0;
                while ($var(i) < 10) { $var(i) = $var(i) + 1; $var(sum) = $var(sum) + $var(i) * 2; }
                $avp(sum) = $var(sum);
                $avp(math) = (17 - 2) / 4 + 17 % 5 * 10;
                $avp(neg) = -3 + 1;
                """);
        assertThat(avp(r, "sum")).isEqualTo(110L);
        assertThat(avp(r, "math")).isEqualTo(23L);
        assertThat(avp(r, "neg")).isEqualTo(-2L);
    }

    @Test
    void switchMatchesIntsAndStringsFallsThroughAndBreaks() throws Exception {
        String body = """
                switch ($rm) {
                    case "OPTIONS": $avp(s) = "options"; break;
                    case "INVITE": $avp(s) = "invite";
                    case "BYE": $avp(t) = "fell through"; break;
                    default: $avp(s) = "default";
                }
                switch ($cs) {
                    case 1: $avp(c) = "one"; break;
                    case 314159: $avp(c) = "pi"; break;
                }
                switch ($fU) { case "nobody": $avp(d) = "no"; break; default: $avp(d) = "default"; }
                """;
        RunResult r = runBody(body);
        assertThat(avp(r, "s")).isEqualTo("invite");
        assertThat(avp(r, "t")).isEqualTo("fell through");
        assertThat(avp(r, "c")).isEqualTo("pi");
        assertThat(avp(r, "d")).isEqualTo("default");
    }

    @Test
    void routesReturnValuesIntoRc() throws Exception {
        String config = """
                loadmodule "pv"; loadmodule "testmod"
                request_route {
                    route(CHECK);
                    $avp(rc1) = $rc;
                    route("NEG");
                    $avp(rc2) = $retcode;
                    if (t_echo("-5")) { $avp(cond) = "true"; } else { $avp(cond) = "false"; }
                    $avp(rc3) = $rc;
                    route(ZERO);
                    $avp(after) = "not reached";
                }
                route[CHECK] { return(7); }
                route[NEG] { return -2; }
                route[ZERO] { return 0; }
                """;
        RunResult r = Scripts.run(Scripts.load(config));
        assertThat(avp(r, "rc1")).isEqualTo(7L);
        assertThat(avp(r, "rc2")).isEqualTo(-2L);
        assertThat(avp(r, "cond")).isEqualTo("false");
        assertThat(avp(r, "rc3")).isEqualTo(-5L);
        assertThat(avp(r, "after")).isNull();
        assertThat(r.outcome()).isEqualTo(Outcome.EXIT);
    }

    @Test
    void functionReturningZeroEndsTheRun() throws Exception {
        RunResult r = runBody("$avp(a) = 1; t_echo(0); $avp(b) = 1;");
        assertThat(avp(r, "a")).isEqualTo(1L);
        assertThat(avp(r, "b")).isNull();
        assertThat(r.outcome()).isEqualTo(Outcome.EXIT);
        RunResult inCondition = runBody("if (t_echo(0)) { $avp(b) = 1; } $avp(c) = 1;");
        assertThat(avp(inCondition, "c")).isNull();
    }

    @Test
    void exitDropAndReturnEndTheRun() throws Exception {
        assertThat(runBody("$avp(a) = 1; exit; $avp(a) = 2;").outcome()).isEqualTo(Outcome.EXIT);
        assertThat(runBody("drop;").outcome()).isEqualTo(Outcome.DROP);
        RunResult r = runBody("return(3); $avp(x) = 1;");
        assertThat(r.outcome()).isEqualTo(Outcome.RETURNED);
        assertThat(r.returnCode()).isEqualTo(3);
        assertThat(avp(r, "x")).isNull();
    }

    @Test
    void stringLiteralsAreTextInExpressionsAndFormatStringsInFunctionArguments() throws Exception {
        RunResult r = runBody("""
                $var(x) = "42";
                $avp(json) = "{ \\"event\\": \\"test\\",\\n" " \\"data\\": { \\"fU\\": \\"$fU\\" }\\n" "}";
                t_store("{ \\"event\\": \\"test\\",\\n" " \\"data\\": { \\"fU\\": \\"$fU\\" }\\n" "}", "$avp(formatted)");
                $avp(mix) = "a\\tb\\\\c $var(x)-$(var(x){s.int}) $null $$ 5$";
                t_store("a\\tb\\\\c $var(x)-$(var(x){s.int}) $null $$ 5$", "$avp(fmix)");
                $avp(built) = "{\\"fU\\":\\"" + $fU + "\\"}";
                $avp(plus) = "n=" + 1 + 2;
                $avp(ints) = 1 + 2;
                if ("$fU" == "alice") { $avp(cmp) = "formatted"; } else { $avp(cmp) = "literal"; }
                """);
        // as Kamailio: pseudo-variables inside a string literal are text, except in format-string parameters
        assertThat(avp(r, "json")).isEqualTo("{ \"event\": \"test\",\n \"data\": { \"fU\": \"$fU\" }\n}");
        assertThat(avp(r, "formatted")).isEqualTo("{ \"event\": \"test\",\n \"data\": { \"fU\": \"alice\" }\n}");
        assertThat(((String) avp(r, "formatted")).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(47);
        assertThat(avp(r, "mix")).isEqualTo("a\tb\\c $var(x)-$(var(x){s.int}) $null $$ 5$");
        assertThat(avp(r, "fmix")).isEqualTo("a\tb\\c 42-42 <null> $$ 5$");
        assertThat(avp(r, "built")).isEqualTo("{\"fU\":\"alice\"}");
        assertThat(avp(r, "plus")).isEqualTo("n=12");
        assertThat(avp(r, "ints")).isEqualTo(3L);
        assertThat(avp(r, "cmp")).isEqualTo("literal");
    }

    @Test
    void comparisonsAndRegex() throws Exception {
        RunResult r = runBody("""
                if ($ru =~ "^sip:BOB@") $avp(m1) = 1;
                if ($ru !~ "carol") $avp(m2) = 1;
                if ($cs > 1000 && $cs >= 314159 && $cs <= 314159 && $cs != 1) $avp(m3) = 1;
                if ("10" == 10) $avp(m4) = 1;
                if ("abc" < "abd") $avp(m5) = 1;
                if ($avp(unset) == $null && $var(never_set) == 0) $avp(m6) = 1;
                if ($du == $null || $du == "x") $avp(m7) = 1;
                $var(re) = "^[0-9]+$";
                if ("12345" =~ $var(re)) $avp(m8) = 1;
                """);
        for (int i = 1; i <= 8; i++) {
            assertThat(avp(r, "m" + i)).as("m" + i).isEqualTo(1L);
        }
    }

    @Test
    void assignmentsChangeRequestUriAndDestination() throws Exception {
        RunResult r = runBody("""
                $ru = "sip:carol@chicago.com";
                $avp(user) = $rU;
                $rd = "example.org";
                $avp(ru) = $ru;
                $du = "sip:10.0.0.9:5080";
                $avp(du) = $du;
                $avp(list) = "one"; $avp(list) = "two";
                $avp(top) = $avp(list);
                """);
        assertThat(avp(r, "user")).isEqualTo("carol");
        assertThat(avp(r, "ru")).isEqualTo("sip:carol@example.org");
        assertThat(avp(r, "du")).isEqualTo("sip:10.0.0.9:5080");
        assertThat(avp(r, "top")).isEqualTo("two");
    }

    @Test
    void runtimeErrorsEndTheRunWithErrorOutcome() throws Exception {
        assertThat(runBody("$avp(a) = 1 / 0;").outcome()).isEqualTo(Outcome.ERROR);
        assertThat(runBody("t_fail();").outcome()).isEqualTo(Outcome.ERROR);
        assertThat(runBody("$var(re) = \"(unclosed\"; if ($fU =~ $var(re)) { exit; }").outcome())
                .isEqualTo(Outcome.ERROR);
        assertThat(runBody("$avp(a) = \"abc\" * 2;").outcome()).isEqualTo(Outcome.ERROR);
        assertThat(runBody("$var(i) = 0; while (1) { $var(i) = $var(i) + 1; }").outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void functionsWriteToTargetArguments() throws Exception {
        RunResult r = runBody("t_store(\"value $fU\", \"$avp(dst)\"); t_store(5, $avp(n));");
        assertThat(avp(r, "dst")).isEqualTo("value alice");
        assertThat(avp(r, "n")).as("an integer literal stays an integer").isEqualTo(5L);
    }
}
