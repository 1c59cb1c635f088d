package io.evapi.proxy.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.proxy.script.RunResult;
import io.evapi.sip.engine.message.ParsedSipMessage;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/**
 * Fuzz target of a request through the routing script: whatever JAIN-SIP's parser accepts, the core
 * variables, transformations, comparisons and assignments over it end in one of the run's outcomes (an
 * error is logged and answered 500 by the host); nothing escapes the run.
 */
class RequestRouteFuzzTest {
    private static final CompiledConfig CONFIG = compile("""
            loadmodule "pv.so"
            request_route {
                $var(who) = $fU + "@" + $fd + " -> " + $rU + "@" + $rd + ":" + $rp + " " + $tu + $tU + $td;
                $var(hdr) = $hdr(X-Account) + $(hdr(X-Account){s.unquote}) + $(hdr(f){uri.user}) + $ci + $cs;
                $var(len) = $(hdr(Subject){s.len}) + $ml;
                if ($rm == "INVITE" && $rU =~ "^[0-9]+$") {
                    $var(n) = $(rU{s.int}) + 1;
                    $rU = "+" + $rU;
                } else if ($(hdr(X-Priority){s.int}) > 5) {
                    $du = "sip:" + $rd + ":5080";
                }
                switch ($rm) {
                    case "OPTIONS":
                        $avp(seen) = $ua;
                        break;
                    default:
                        $var(x) = $(ru{uri.host}) + $(fu{s.tolower}) + $(mb{s.substr,0,10});
                }
                if ($var(len) > 1000000) { drop; }
                return(1);
            }
            """);

    private static CompiledConfig compile(String text) {
        try {
            return ConfigLoader.load(text, "fuzz-route.cfg", null);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyParsedRequestEndsInAnOutcome(byte[] input) {
        ParsedSipMessage message;
        try {
            message = ParsedSipMessage.parse(new String(input, StandardCharsets.UTF_8), "192.0.2.1", 5060);
        } catch (ParseException | IllegalArgumentException e) {
            return; // the stack drops what it cannot parse before any route runs
        }
        RunResult result = CONFIG.runRequestRoute(message);
        if (result.outcome() == null) {
            throw new AssertionError("a run without outcome");
        }
    }
}
