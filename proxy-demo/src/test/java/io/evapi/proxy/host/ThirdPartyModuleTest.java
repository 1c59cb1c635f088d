package io.evapi.proxy.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.proxy.cli.Cli;
import io.evapi.proxy.plugin.PluginJars;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.SippResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk-through of docs/writing-a-module.md, as a reader follows it: the module's source and config are
 * taken from the page, the source is compiled against proxy-spi alone into a jar outside the proxy's class
 * path, and the proxy, unchanged, loads it from {@code mpath} (or {@code -L}) and answers sipp with it.
 */
class ThirdPartyModuleTest {
    private static final Path PAGE = Path.of("..", "docs", "writing-a-module.md");

    @TempDir
    Path dir;

    private static String block(String marker) throws IOException {
        Matcher m = Pattern.compile("<!-- " + marker + " -->\n```[a-z]*\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(PAGE));
        if (!m.find()) {
            throw new AssertionError(PAGE + " has no block marked " + marker);
        }
        return m.group(1);
    }

    private Path greeterJar(Path plugins) throws IOException {
        return PluginJars.build(plugins, "greeter.jar", "com.example.greeter.GreeterModule", block("greeter-module"));
    }

    @Test
    void theModuleOfThePageAnswersSippFromAJarInMpath() throws Exception {
        Path plugins = dir.resolve("plugins");
        greeterJar(plugins);
        int port = FreePorts.udpAndTcp();
        String config = block("greeter-config")
                .replace("listen=udp:127.0.0.1:5060", "listen=udp:127.0.0.1:" + port)
                .replace("mpath=\"plugins\"", "mpath=\"" + plugins + "\"");
        try (RunningProxy proxy = RunningProxy.start(ProxyHost.load(config, "greeter.cfg"))) {
            assertThat(proxy.config().moduleNames()).contains("greeter");
            SippResult uac = Scenarios.uacExpecting("OPTIONS", 480, 70).remote("127.0.0.1:" + port)
                    .localPort(FreePorts.udpAndTcp()).calls(5).timeout(Duration.ofSeconds(60)).run();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(5);
            assertThat(uac.failedCalls()).as(uac.describe()).isZero();
        }
    }

    @Test
    void theCommandLinesMinusLNamesTheDirectory() throws Exception {
        Path plugins = dir.resolve("lib");
        greeterJar(plugins);
        Path cfg = Files.writeString(dir.resolve("check.cfg"), """
                loadmodule "greeter.so"
                request_route { greeter_reply("200"); }
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new PrintStream(out, true), new PrintStream(err, true));

        assertThat(cli.run("-c", "-L", plugins.toString(), "-f", cfg.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("is valid");

        err.reset();
        assertThat(cli.run("-c", "-f", cfg.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("check.cfg:1:12: module 'greeter.so' is not available");
    }

    @Test
    void theRecordRefusesAnEmptyReasonAtTheModparamLine() throws Exception {
        Path plugins = dir.resolve("plugins");
        greeterJar(plugins);
        Path cfg = Files.writeString(dir.resolve("bad.cfg"), "loadmodule \"greeter.so\"\n"
                + "modparam(\"greeter\", \"reason\", \" \")\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));

        assertThat(cli.run("-c", "-L", plugins.toString(), "-f", cfg.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("bad.cfg:2:1: modparam greeter.reason: expected a reason phrase, found"
                + " nothing");
    }
}
