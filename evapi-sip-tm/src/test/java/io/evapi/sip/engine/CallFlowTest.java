package io.evapi.sip.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Sipp;
import io.evapi.sip.testkit.SippResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
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

    @Test
    void scriptHeadersGoDownstreamAndTheReplyRouteSeesProvisionalAndFinalReplies() throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        List<Integer> replies = new CopyOnWriteArrayList<>();
        engine = EngineFixture.start(new ProxyScript(ProxyScript.uri(uasPort, false)) {
            @Override
            void initial(RequestContext ctx) {
                ctx.newTransaction();
                ctx.appendHeader("X-Evapi-Tx", ctx.transactionIndex() + "." + ctx.transactionLabel());
                ctx.setReplyRoute("REPLY");
                super.initial(ctx);
            }

            @Override
            public void onReply(String routeName, RequestContext ctx, Response response) {
                replies.add(response.getStatusCode());
            }
        });
        String checkingUas = Sipp.resource("sipp/uas-rr.xml").replaceFirst(
                "<recv request=\"INVITE\" crlf=\"true\"/>",
                "<recv request=\"INVITE\" crlf=\"true\"><action><ereg regexp=\"X-Evapi-Tx: [0-9]+[.][0-9]+\""
                        + " search_in=\"msg\" check_it=\"true\" assign_to=\"txids\"/></action></recv>")
                .replaceFirst("SIP/2.0 180 Ringing", "SIP/2.0 180 Ringing\n      X-Seen: [\\$txids]");
        try (Sipp.Running uas = Sipp.xml("uas-check-header", checkingUas).localPort(uasPort).calls(2)
                .timeout(Duration.ofSeconds(40)).start()) {
            SippResult uac = Sipp.scenario("sipp/uac-rr.xml").remote("127.0.0.1:" + engine.port("udp"))
                    .localPort(FreePorts.udpAndTcp()).service("bob").calls(2).rate(5)
                    .timeout(Duration.ofSeconds(40)).run();
            SippResult uasResult = uas.await();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(2);
            assertThat(uasResult.successfulCalls()).as("UAS saw X-Evapi-Tx: " + uasResult.describe()).isEqualTo(2);
        }
        // the INVITEs' replies (BYEs were relayed without a reply route); with a reentrant listener on a pool a
        // 180 may be handled after its 200 and is then dropped, so only the finals are certain
        assertThat(replies).filteredOn(code -> code == 200).hasSize(2);
        assertThat(replies).allMatch(code -> code == 180 || code == 200);
    }
}
