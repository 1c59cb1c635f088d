package io.evapi.proxy.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.proxy.cli.Cli;
import io.evapi.proxy.plugin.PluginJars;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.SippResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module built outside the proxy (compiled against proxy-spi alone into a jar of its own) is loaded from
 * {@code mpath} or {@code -L} by the proxy as it is, and its function answers real SIP.
 */
class ThirdPartyModuleTest {
    @TempDir
    Path dir;

    @Test
    void aModuleJarInMpathAnswersSipFromSipp() throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.replyModule(plugins, "greeter-1.0.jar", "greeter", "ProxySpi.VERSION");
        int port = FreePorts.udpAndTcp();
        String config = """
                #!KAMAILIO
                listen=udp:127.0.0.1:%d
                mpath="%s"
                loadmodule "sl.so"
                loadmodule "greeter.so"
                modparam("greeter", "reason", "Greetings From A Jar")
                request_route {
                    if (!greeter_reply("299")) {
                        sl_send_reply("500", "greeter failed");
                    }
                    exit;
                }
                """.formatted(port, plugins);
        try (RunningProxy proxy = RunningProxy.start(ProxyHost.load(config, "greeter.cfg"))) {
            assertThat(proxy.config().moduleNames()).contains("greeter");
            SippResult uac = Scenarios.uacExpecting("OPTIONS", 299, 70).remote("127.0.0.1:" + port)
                    .localPort(FreePorts.udpAndTcp()).calls(5).timeout(Duration.ofSeconds(60)).run();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(5);
            assertThat(uac.failedCalls()).as(uac.describe()).isZero();
        }
    }

    @Test
    void theCommandLinesMinusLNamesTheDirectory() throws Exception {
        Path plugins = dir.resolve("lib");
        PluginJars.replyModule(plugins, "greeter.jar", "greeter", "ProxySpi.VERSION");
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
}
