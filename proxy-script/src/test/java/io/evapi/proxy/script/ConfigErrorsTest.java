package io.evapi.proxy.script;

import static io.evapi.proxy.script.Scripts.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every config error names file:line:column, what was found and what was expected; nothing starts. */
class ConfigErrorsTest {

    private static List<String> errors(String config) {
        try {
            load(config);
        } catch (ConfigException e) {
            return e.errors().stream().map(Object::toString).toList();
        }
        throw new AssertionError("config was accepted:\n" + config);
    }

    @Test
    void syntaxErrorsPointAtTheToken() {
        assertThat(errors("loadmodule \"pv\"; loadmodule \"testmod\"\nrequest_route {\n    t_count()\n    exit;\n}\n"))
                .containsExactly("test.cfg:4:5: expected ';' after function call, found 'exit'");
        assertThat(errors("request_route {\n  if ($rm == \"INVITE\" {\n  }\n}\n"))
                .containsExactly("test.cfg:2:23: expected ')' to close the if condition, found '{'");
        assertThat(errors("request_route {\n  exit;\n")).singleElement().asString()
                .startsWith("test.cfg:3:1: expected '}' to close the block opened at test.cfg:1:15, found end of file");
        assertThat(errors("request_route {\n  $var(x) 5;\n}\n"))
                .containsExactly("test.cfg:2:11: expected '=' to assign to $var(x), found '5'");
        assertThat(errors("loadmodule xlog\n")).containsExactly(
                "test.cfg:1:12: expected a quoted module name after loadmodule, found 'xlog'");
        assertThat(errors("request_route {\n  $avp(x) = \"open;\n}\n")).singleElement().asString()
                .startsWith("test.cfg:2:13: string is not closed");
        assertThat(errors("foo bar\n")).containsExactly(
                "test.cfg:1:1: expected a global setting (name=value), loadmodule, modparam or a route block, found 'foo'");
        assertThat(errors("request_route { /* never closed\n }\n")).singleElement().asString()
                .startsWith("test.cfg:1:17: comment opened with /* is never closed");
    }

    @Test
    void semanticErrorsAreCollectedTogether() {
        List<String> errors = errors("""
                loadmodule "pv"; loadmodule "testmod"
                bogus_setting=1
                request_route {
                    route(MISSING);
                    no_such_function();
                    t_echo(1, 2);
                    $evapi(msg) = 1;
                    $ci = "x";
                    $avp(x) = $(fU{s.nope});
                }
                failure_route[F] {
                    only_request();
                }
                """);
        assertThat(errors).containsExactly(
                "test.cfg:2:1: unknown global setting 'bogus_setting': expected a Kamailio core setting such as listen, debug, children, log_stderror",
                "test.cfg:4:5: route(MISSING) calls a route that is not defined: expected a route[MISSING] block",
                "test.cfg:5:5: unknown function no_such_function(): no loaded module exports it",
                "test.cfg:6:5: t_echo() takes 1 argument(s), found 2",
                "test.cfg:7:5: unknown pseudo-variable $evapi(msg): no loaded module exports it",
                "test.cfg:8:5: $ci cannot be assigned: expected $var(..), $avp(..), $ru, $du or another writable pseudo-variable",
                "test.cfg:9:15: unknown transformation {s.nope}: expected one of s.len, s.int, s.tolower, s.toupper, s.substr,offset,length, s.select,index,separator, s.strip,n, s.striptail,n, s.rm,text, s.unquote, uri.user, uri.host",
                "test.cfg:12:5: only_request() cannot be used in a failure route: allowed in [REQUEST]");
    }

    @Test
    void routeTypesFollowTheCallers() {
        assertThat(errors("""
                loadmodule "pv"; loadmodule "testmod"
                request_route { route(A); }
                failure_route[F] { route(A); }
                route[A] { only_request(); }
                """)).containsExactly("test.cfg:4:12: only_request() cannot be used in a failure route: allowed in [REQUEST]");
    }

    @Test
    void moduleErrorsNameTheModuleAndWhatExists() {
        assertThat(errors("loadmodule \"nosuch.so\"\n")).singleElement().asString()
                .startsWith("test.cfg:1:12: module 'nosuch.so' is not available: not on the class path (no mpath is"
                        + " set); expected one of ")
                .contains("counter", "testmod");
        assertThat(errors("loadmodule \"pv\"; loadmodule \"testmod\"\nmodparam(\"testmod\", \"nope\", 1)\n")).containsExactly(
                "test.cfg:2:1: module testmod has no parameter 'nope': expected one of mode, level, item");
        assertThat(errors("loadmodule \"pv\"; loadmodule \"testmod\"\nmodparam(\"testmod\", \"level\", \"high\")\n")).containsExactly(
                "test.cfg:2:1: modparam testmod.level: expected an integer, found string \"high\"");
        assertThat(errors("loadmodule \"pv\"; loadmodule \"testmod\"\nmodparam(\"testmod\", \"mode\", 3)\n")).containsExactly(
                "test.cfg:2:1: modparam testmod.mode: expected a quoted string, found integer 3");
        assertThat(errors("modparam(\"counter\", \"x\", 1)\n")).containsExactly(
                "test.cfg:1:1: modparam for module 'counter', which is not loaded: expected a loadmodule \"counter.so\" line before it");
        assertThat(errors("loadmodule \"pv\"; loadmodule \"testmod\"\n\nmodparam(\"testmod\", \"level\", 11)\n")).containsExactly(
                "test.cfg:3:1: modparam testmod.level: expected a level from 0 to 10, found 11");
        assertThat(errors("loadmodule \"pv\"; loadmodule \"testmod\"\nrequest_route { t_route_exists(\"NOPE\"); }\n")).containsExactly(
                "test.cfg:2:17: t_route_exists: route 'NOPE' is not defined");
        assertThat(errors("request_route { t_echo(\"1\"); }\n")).singleElement().asString()
                .contains("unknown function t_echo()", "it is in module testmod");
    }

    @Test
    void errorsInsideIncludedFilesPointIntoThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("routes.cfg"), "route[R] {\n    exit\n    drop;\n}\n");
        Path main = dir.resolve("main.cfg");
        Files.writeString(main, "#!KAMAILIO\ninclude_file \"routes.cfg\"\nrequest_route { route(R); }\n");
        assertThatThrownBy(() -> ConfigLoader.load(main)).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("routes.cfg") + ":3:5: expected ';' after exit, found 'drop'");
        Path missing = dir.resolve("missing.cfg");
        Files.writeString(missing, "request_route { exit; }\n\ninclude_file \"nope.cfg\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(missing)).hasMessageStartingWith(missing + ":3:14: include_file: cannot read 'nope.cfg'");
    }
}
