package io.evapi.sip.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Sipp;
import io.evapi.sip.testkit.SippResult;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A UAS retransmits its 200 until the ACK arrives; the UAC only ACKs the retransmission, which must get through. */
class Retransmitted2xxTest {

    private SipEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    @Test
    void retransmitted200ReachesTheUac() throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        engine = EngineFixture.start(new ProxyScript(ProxyScript.uri(uasPort, false)));
        try (Sipp.Running uas = Sipp.scenario("sipp/uas-rr.xml").localPort(uasPort).calls(2)
                .timeout(Duration.ofSeconds(40)).start()) {
            SippResult uac = Sipp.scenario("sipp/uac-rr-late-ack.xml").remote("127.0.0.1:" + engine.port("udp"))
                    .localPort(FreePorts.udpAndTcp()).service("bob").calls(2).rate(5)
                    .timeout(Duration.ofSeconds(40)).run();
            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(2);
            assertThat(uas.await().successfulCalls()).isEqualTo(2);
            assertThat(retransmissionsOf200(uac.output())).as(uac.describe()).isPositive();
        }
    }

    /** The "retrans" column of the INVITE's 200 (the first 200 line) in sipp's last screen; -1 if absent. */
    private static long retransmissionsOf200(String screen) {
        int lastScreen = screen.lastIndexOf("Messages  Retrans");
        Matcher m = Pattern.compile("(?m)^\\s*200 <-+\\s+(\\d+)\\s+(\\d+)")
                .matcher(lastScreen < 0 ? "" : screen.substring(lastScreen));
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }
}
