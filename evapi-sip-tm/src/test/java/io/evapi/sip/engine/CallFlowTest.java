package io.evapi.sip.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Sipp;
import io.evapi.sip.testkit.SippResult;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** sipp UAC -> engine -> sipp UAS: INVITE with Record-Route, ACK and BYE loose-routed through the proxy. */
class CallFlowTest {

    private static final int CALLS = 100;

    private SipEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void hundredCallsThroughTheProxy(boolean tcp) throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        engine = EngineFixture.start(new ProxyScript(ProxyScript.uri(uasPort, tcp)));
        try (Sipp.Running uas = Sipp.scenario("sipp/uas-rr.xml").tcp(tcp).localPort(uasPort).calls(CALLS)
                .timeout(Duration.ofSeconds(90)).start()) {
            SippResult uac = Sipp.scenario("sipp/uac-rr.xml").tcp(tcp).remote("127.0.0.1:" + engine.port("udp"))
                    .localPort(FreePorts.udpAndTcp()).service("bob").calls(CALLS).rate(50)
                    .timeout(Duration.ofSeconds(90)).run();
            SippResult uasResult = uas.await();

            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(CALLS);
            assertThat(uac.failedCalls()).as(uac.describe()).isZero();
            assertThat(uasResult.successfulCalls()).as(uasResult.describe()).isEqualTo(CALLS);
            assertThat(uasResult.failedCalls()).as(uasResult.describe()).isZero();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(engine.liveTransactions()).isZero());
    }
}
