package io.evapi.proxy.script;

import static io.evapi.proxy.script.Scripts.invite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.pv.AvpStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessorTest {

    private static Object avp(CompiledConfig config, String name) {
        return config.runRequestRoute(invite()).run().get(AvpStore.KEY).get(name);
    }

    @Test
    void definesConditionalsAndComments() throws Exception {
        CompiledConfig config = Scripts.load("""
                #!KAMAILIO
                loadmodule "pv"
                #!define WITH_EVAPI
                #!define GREETING "hello"
                #!define CODE 486
                #!trydef CODE 999
                # a comment line
                // another one
                /* a block
                   comment */
                request_route {
                #!ifdef WITH_EVAPI
                    $avp(a) = "evapi on";    # trailing comment
                  #!ifndef WITH_DEBUG
                    $avp(b) = GREETING;
                  #!else
                    $avp(b) = "debug";
                  #!endif
                #!else
                    $avp(a) = "evapi off";
                #!endif
                    $avp(c) = CODE + 1;   // trailing
                }
                """);
        assertThat(avp(config, "a")).isEqualTo("evapi on");
        assertThat(avp(config, "b")).isEqualTo("hello");
        assertThat(avp(config, "c")).isEqualTo(487L);
    }

    @Test
    void preprocessorErrorsArePositioned() {
        assertThatThrownBy(() -> Scripts.load("#!ifdef X\nrequest_route { exit; }\n"))
                .isInstanceOf(ConfigException.class).hasMessage("test.cfg:1:1: #!ifdef/#!ifndef is never closed with #!endif");
        assertThatThrownBy(() -> Scripts.load("request_route { exit; }\n#!endif\n"))
                .hasMessage("test.cfg:2:1: #!endif without an open #!ifdef or #!ifndef");
        assertThatThrownBy(() -> Scripts.load("#!frobnicate X\n"))
                .hasMessageStartingWith("test.cfg:1:1: unknown preprocessor directive #!frobnicate");
        assertThatThrownBy(() -> Scripts.load("#!subst \"/a/b/\"\n"))
                .hasMessage("test.cfg:1:1: #!subst is not supported by this proxy");
    }

    @Test
    void includesAndImportsResolveRelativeToTheFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/routes.cfg"), "route[FROM_INCLUDE] { $avp(i) = \"included\"; }\n");
        Files.writeString(dir.resolve("main.cfg"), """
                loadmodule "pv"
                include_file "sub/routes.cfg"
                import_file "not-there.cfg"
                request_route { route(FROM_INCLUDE); }
                """);
        CompiledConfig config = ConfigLoader.load(dir.resolve("main.cfg"));
        assertThat(avp(config, "i")).isEqualTo("included");
    }
}
