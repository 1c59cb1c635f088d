package io.evapi.proxy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.proxy.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    @Test
    void threeCallsTracedThenOneWithoutTheAppThenTheSippLines() throws Exception {
        int code = DemoCommand.demo(RoutingDemoTest.freePorts(), 3, false, outStream, errStream);

        String trace = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(trace + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(trace)
                .contains("call 1: INVITE sip:alice@")
                .contains("final:        200 OK")
                .contains("hang-up:      BYE -> 200 OK")
                .contains("final:        486 Busy Here")
                .contains("final:        404 Not Found")
                .contains("now the routing app disconnects")
                .contains("final:        503 No Routing Application")
                .contains("sipp -sn uac -i 127.0.0.1 -p 5070 -s alice -m 1 127.0.0.1:");
    }

    @Test
    void badArgumentsAreRefusedWithAClearMessage() {
        assertThat(DemoCommand.run(List.of("--demo-calls", "zero"), outStream, errStream)).isEqualTo(2);
        assertThat(DemoCommand.run(List.of("--demo-calls"), outStream, errStream)).isEqualTo(2);
        assertThat(DemoCommand.run(List.of("--demo", "-f", "x.cfg"), outStream, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--demo-calls needs a number of calls from 1 to 1000, found 'zero'")
                .contains("use --demo or --demo-calls N alone");
    }

    @Test
    void cliRoutesTheDemoOptionsHereAndDocumentsThem() {
        Cli cli = new Cli(outStream, errStream);
        assertThat(cli.run("--demo-calls", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--demo-calls needs a number");
        assertThat(cli.run("-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--demo-calls N").contains("--demo ");
    }
}
