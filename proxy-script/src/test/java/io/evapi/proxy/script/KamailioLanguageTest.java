package io.evapi.proxy.script;

import static io.evapi.proxy.script.Scripts.invite;
import static io.evapi.proxy.script.Scripts.load;
import static io.evapi.proxy.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.pv.AvpStore;
import io.evapi.proxy.script.RunResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The config language as Kamailio 5.6 runs it (each rule here was checked against a running Kamailio): the
 * string-literal rule, module pv, conditions without parentheses, myself, the core's string tests, recursion
 * and nesting limits, and the warnings and errors a Kamailio user meets.
 */
class KamailioLanguageTest {
    private static final String MODULES = "loadmodule \"pv\"; loadmodule \"testmod\"\n";

    private static Object avp(RunResult r, String name) {
        AvpStore store = r.run().get(AvpStore.KEY);
        return store == null ? null : store.get(name);
    }

    private static RunResult runConfig(String text) throws ConfigException {
        return run(load(text));
    }

    private static List<String> errors(String text) {
        try {
            load(text);
            return List.of();
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigException.Error::toString).toList();
        }
    }

    @Test
    void aStringLiteralIsItsTextAndOnlyFormatStringParametersAreFormatted() throws Exception {
        RunResult r = runConfig(MODULES + """
                request_route {
                    $var(m) = "{\\"i\\":\\"$T(id_index)\\",\\"u\\":\\"$rU\\"}";
                    $avp(m) = $var(m);
                    t_store("{\\"u\\":\\"$rU\\"}", "$avp(arg)");
                    $avp(cat) = "{\\"u\\":\\"" + $rU + "\\"}";
                    switch ($rU) { case "$rU": $avp(case) = "literal label"; break; case "bob": $avp(case) = "bob"; }
                }
                """);
        assertThat(avp(r, "m")).isEqualTo("{\"i\":\"$T(id_index)\",\"u\":\"$rU\"}");
        assertThat(avp(r, "arg")).isEqualTo("{\"u\":\"bob\"}");
        assertThat(avp(r, "cat")).isEqualTo("{\"u\":\"bob\"}");
        assertThat(avp(r, "case")).isEqualTo("bob");
    }

    @Test
    void variablesOfModulePvNeedItLoadedWithAHint() {
        assertThat(errors("loadmodule \"testmod\"\nrequest_route {\n  $var(x) = $rU;\n}\n")).containsExactly(
                "test.cfg:3:3: unknown pseudo-variable $var(x): no loaded module exports it (it is in module pv: add loadmodule \"pv.so\")",
                "test.cfg:3:13: unknown pseudo-variable $rU: no loaded module exports it (it is in module pv: add loadmodule \"pv.so\")");
        assertThat(errors("loadmodule \"testmod\"\nrequest_route {\n  t_echo(\"$(rc{s.len})\");\n}\n")).containsExactly(
                "test.cfg:3:11: unknown transformation {s.len} in $(rc{s.len}): the transformations are in module pv: add loadmodule \"pv.so\"");
        assertThat(errors("request_route { if ($rc == 1 && $retcode == 1 && $null == $null) { exit; } }\n"))
                .as("$rc, $retcode and $null are the core's").isEmpty();
    }

    @Test
    void conditionsWithoutParentheses() throws Exception {
        RunResult r = runConfig(MODULES + """
                request_route {
                    $var(i) = 0;
                    while $var(i) < 3 { $var(i) = $var(i) + 1; }
                    if $rU == "bob" && $var(i) == 3 { $avp(a) = "yes"; } else { $avp(a) = "no"; }
                    if ($rU) == "bob" { $avp(b) = 1; }
                    if !strempty($rU) { $avp(c) = 1; }
                    switch $rU { case "bob": $avp(d) = 1; break; default: $avp(d) = 2; }
                }
                """);
        assertThat(avp(r, "a")).isEqualTo("yes");
        assertThat(avp(r, "b")).isEqualTo(1L);
        assertThat(avp(r, "c")).isEqualTo(1L);
        assertThat(avp(r, "d")).isEqualTo(1L);
    }

    @Test
    void switchCasesFallThroughUntilBreakAndDefaultCatchesTheRest() throws Exception {
        RunResult r = runConfig(MODULES + """
                request_route {
                    $avp(log) = "";
                    switch ($rU) {
                        case "alice": $avp(log) = $avp(log) + "a";
                        case "bob": $avp(log) = $avp(log) + "b";
                        case "carol": $avp(log) = $avp(log) + "c"; break;
                        default: $avp(log) = $avp(log) + "d";
                    }
                    switch ($cs) { case 1: $avp(n) = "one"; break; default: $avp(n) = "other"; }
                    while ($var(k) < 5) { switch ($var(k)) { case 2: break; } $var(k) = $var(k) + 1; }
                    $avp(k) = $var(k);
                }
                """);
        assertThat(avp(r, "log")).isEqualTo("bc");
        assertThat(avp(r, "n")).isEqualTo("other");
        assertThat(avp(r, "k")).as("break leaves the switch, not the loop").isEqualTo(5L);
    }

    @Test
    void stringTestsAndDefined() throws Exception {
        RunResult r = runConfig(MODULES + """
                request_route {
                    $var(e) = "";
                    if (strempty($var(e))) { $avp(a) = 1; }
                    if (strempty($hdr(X-Missing))) { $avp(b) = 1; }
                    if (!strempty($fU)) { $avp(c) = 1; }
                    $avp(len) = strlen($fU);
                    if (defined $hdr(Subject)) { $avp(d) = 1; }
                    if (!defined $hdr(X-Missing)) { $avp(e) = 1; }
                }
                """);
        assertThat(avp(r, "a")).isEqualTo(1L);
        assertThat(avp(r, "b")).isEqualTo(1L);
        assertThat(avp(r, "c")).isEqualTo(1L);
        assertThat(avp(r, "len")).isEqualTo(5L);
        assertThat(avp(r, "d")).isEqualTo(1L);
        assertThat(avp(r, "e")).isEqualTo(1L);
    }

    @Test
    void myselfIsTheListenAddressesAndAliases() throws Exception {
        // the request: sip:bob@example.com:5070 from 10.0.0.1:5060, From sip:alice@atlanta.com
        RunResult r = runConfig("""
                listen=udp:10.0.0.1:5060
                alias=example.com:5070
                """ + MODULES + """
                request_route {
                    if (uri == myself) { $avp(uri) = 1; }
                    if (uri != myself) { $avp(uri) = 0; }
                    if (from_uri == myself) { $avp(from) = 1; } else { $avp(from) = 0; }
                    if (src_ip == myself) { $avp(src) = 1; }
                    if (myself == to_uri) { $avp(to) = 1; } else { $avp(to) = 0; }
                    if (method == "INVITE" && proto == UDP && src_port == 5060) { $avp(kw) = 1; }
                }
                """);
        assertThat(avp(r, "uri")).isEqualTo(1L);
        assertThat(avp(r, "from")).isEqualTo(0L);
        assertThat(avp(r, "src")).isEqualTo(1L);
        assertThat(avp(r, "to")).as("To has no port: 5060, and the alias is on 5070").isEqualTo(0L);
        assertThat(avp(r, "kw")).isEqualTo(1L);

        RunResult other = runConfig(MODULES + "request_route { if (uri == myself) { $avp(m) = 1; } else { $avp(m) = 0; } }\n");
        assertThat(avp(other, "m")).as("without listen: 127.0.0.1:5060").isEqualTo(0L);
    }

    @Test
    void myselfComparedWithAVariableIsRefusedAsKamailioRefusesIt() {
        assertThat(errors(MODULES + "request_route {\n  if ($fd == myself) { exit; }\n}\n")).singleElement()
                .asString().startsWith("test.cfg:3:11: myself can only be compared with uri, from_uri, to_uri, src_ip or dst_ip")
                .contains("from_uri == myself");
        assertThat(errors(MODULES + "request_route {\n  if (uri == myself) { exit; }\n}\n")).as("no 'unknown function uri()'")
                .isEmpty();
    }

    @Test
    void varNamesAreTextAndAvpNamesMayComeFromAVariable() throws Exception {
        RunResult r = runConfig(MODULES + """
                request_route {
                    $var(n) = "k";
                    $var($var(n)) = "named by text";
                    $avp(lit) = $var($var(n));
                    $avp(k2) = $var(k);
                    $avp($var(n)) = "dynamic";
                    $avp(dyn) = $avp(k);
                    $avp(s:k) = "same avp";
                    $avp(same) = $avp(k);
                }
                """);
        assertThat(avp(r, "lit")).isEqualTo("named by text");
        assertThat(avp(r, "k2")).as("$var($var(n)) is the variable named '$var(n)', as in Kamailio").isEqualTo(0L);
        assertThat(avp(r, "dyn")).isEqualTo("dynamic");
        assertThat(avp(r, "same")).isEqualTo("same avp");
    }

    @Test
    void timesFlagsAndTheRmTransformation() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        RunResult r = runConfig(MODULES + """
                request_route {
                    $avp(ts) = $TS;
                    $avp(ms) = $Ts;
                    $mf = 9;
                    $avp(mf) = $mf;
                    $var(s) = "a-b--c";
                    $avp(rm) = $(var(s){s.rm,-});
                    $avp(rm2) = $(var(s){s.rm,--});
                }
                """);
        long after = System.currentTimeMillis() / 1000;
        assertThat((Long) avp(r, "ts")).isBetween(before, after);
        assertThat((Long) avp(r, "ms")).isBetween(before, after);
        assertThat(avp(r, "mf")).isEqualTo(9L);
        assertThat(avp(r, "rm")).isEqualTo("abc");
        assertThat(avp(r, "rm2")).isEqualTo("a-bc");
    }

    @Test
    void recursionStopsAtMaxRecursiveLevelAndTheRunGoesOn() throws Exception {
        RunResult r = runConfig(MODULES + """
                request_route {
                    $var(d) = 0;
                    if (1) { route(REC); }
                    $avp(rc) = $rc;
                    $avp(depth) = $var(d);
                }
                route[REC] { $var(d) = $var(d) + 1; route(REC); }
                """);
        assertThat(r.outcome()).isEqualTo(Outcome.RETURNED);
        assertThat(avp(r, "rc")).isEqualTo(-1L);
        // request_route (1) + the if branch (2) + 254 routes = 256 levels, as Kamailio counts them
        assertThat(avp(r, "depth")).isEqualTo(254L);

        RunResult small = runConfig("max_recursive_level=10\n" + MODULES
                + "request_route { $var(d) = 0; route(REC); $avp(depth) = $var(d); }\n"
                + "route[REC] { $var(d) = $var(d) + 1; route(REC); }\n");
        assertThat(avp(small, "depth")).isEqualTo(9L);
    }

    @Test
    void deepNestingIsAPositionedErrorNotAStackOverflow() {
        String deep = "if (1) {".repeat(500) + "}".repeat(500);
        assertThat(errors(MODULES + "request_route {\n" + deep + "\n}\n")).singleElement().asString()
                .startsWith("test.cfg:3:").contains("nested deeper than 200 levels");
        String chain = "1" + " + 1".repeat(5000);
        assertThat(errors(MODULES + "request_route {\n$var(x) = " + chain + ";\n}\n")).singleElement().asString()
                .startsWith("test.cfg:3:").contains("nested deeper than 200 levels");
    }

    @Test
    void aFailedAssignmentIsLoggedAtErrorLevelAndTheRunGoesOn() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("script");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            RunResult r = runConfig(MODULES + """
                    request_route {
                        $var(n) = 5;
                        $var(n) = $(hdr(Subject){s.int});
                        $avp(n) = $var(n);
                        $avp(after) = 1;
                    }
                    """);
            assertThat(avp(r, "n")).as("the target gets $null, as in Kamailio").isEqualTo(0L);
            assertThat(avp(r, "after")).isEqualTo(1L);
            assertThat(appender.list).anySatisfy(e -> {
                assertThat(e.getLevel().toString()).isEqualTo("ERROR");
                assertThat(e.getFormattedMessage()).startsWith("assignment failed at test.cfg:4:5");
            });
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void eventRoutesNothingRaisesAreWarnedAboutWithAGuess() throws Exception {
        CompiledConfig config = load(MODULES + """
                event_route[test:evnet] { exit; }
                event_route[test:event] { exit; }
                event_route[core:msg-received] { exit; }
                event_route[core:worker-one-init] { exit; }
                request_route { exit; }
                """);
        assertThat(config.warnings()).extracting(Object::toString).containsExactly(
                "test.cfg:2:1: event_route[test:evnet] is raised by no loaded module, so it never runs: did you mean event_route[test:event]?",
                "test.cfg:4:1: event_route[core:msg-received] is raised by no loaded module, so it never runs: Kamailio's core raises it, this proxy's core does not");
    }

    @Test
    void commandLineDefinesComeBeforeTheConfig(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("a.cfg"), MODULES + """
                #!ifdef WITH_X
                request_route { $avp(x) = VALUE; }
                #!else
                request_route { $avp(x) = "off"; }
                #!endif
                """);
        CompiledConfig config = ConfigLoader.load(cfg,
                LoadOptions.defaults().withDefines(Map.of("WITH_X", "", "VALUE", "42")));
        assertThat(config.runRequestRoute(invite()).run().get(AvpStore.KEY).get("x")).isEqualTo(42L);
    }

    @Test
    void errorTextsAKamailioUserMet(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nosuch.cfg")))
                .hasMessage(dir.resolve("nosuch.cfg") + ": cannot read the config file: no such file");
        // the refused modparam is the error; the module's functions are not "unknown" on top of it
        assertThat(errors("loadmodule \"testmod\"\nmodparam(\"testmod\", \"level\", 11)\nrequest_route { t_echo(1); }\n"))
                .containsExactly("test.cfg:2:1: modparam testmod.level: expected a level from 0 to 10, found 11");
    }
}
