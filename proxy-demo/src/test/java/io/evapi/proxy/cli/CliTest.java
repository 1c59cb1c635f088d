package io.evapi.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void checkAcceptsAValidConfig(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("ok.cfg");
        Files.writeString(cfg, "loadmodule \"xlog.so\"\nrequest_route { xinfo(\"hi\\n\"); exit; }\n");
        assertThat(cli.run("-c", "-f", cfg.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("is valid");
    }

    @Test
    void checkRejectsABadConfigWithPositions(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bad.cfg");
        Files.writeString(cfg, "request_route {\n  xinfo(\"x\")\n  exit;\n}\n");
        assertThat(cli.run("-c", "-f", cfg.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(cfg + ":3:3: expected ';' after function call, found 'exit'")
                .contains("has 1 error(s)");
    }

    @Test
    void bundledConfigIsValid() {
        assertThat(cli.run("-c")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("proxy-demo.cfg (bundled) is valid");
    }

    @Test
    void versionHelpAndBadOptions() {
        assertThat(cli.run("-V")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("proxy-demo ");
        assertThat(cli.run("-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: java -jar proxy-demo.jar");
        assertThat(cli.run("-x")).isEqualTo(2);
        assertThat(cli.run("-f")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option -x").contains("-f needs a config file");
        assertThat(cli.run("-c", "-f", "/no/such/file.cfg")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("/no/such/file.cfg: cannot read the config file: no such file\n")
                .doesNotContain("/no/such/file.cfg:1:1");
    }

    @Test
    void debugLevelsMapToLogLevels() {
        assertThat(Cli.LogLevels.of(3).toString()).isEqualTo("DEBUG");
        assertThat(Cli.LogLevels.of(2).toString()).isEqualTo("INFO");
        assertThat(Cli.LogLevels.of(1).toString()).isEqualTo("INFO");
        assertThat(Cli.LogLevels.of(0).toString()).isEqualTo("WARN");
        assertThat(Cli.LogLevels.of(-1).toString()).isEqualTo("ERROR");
    }
}
