package io.evapi.sip.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.Sipp;
import io.evapi.sip.testkit.SippResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CANCEL, fr timer expiry into failure routes, and the 500 defaults (unanswered transaction, script error). */
class FailureHandlingTest {

    private static final long FR_MILLIS = 2_000;
    private static final Duration SIPP_LIMIT = Duration.ofSeconds(40);

    private SipEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    private String proxy() {
        return "127.0.0.1:" + engine.port("udp");
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void cancelBeforeTheAnswerGives487(boolean tcp) throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        engine = EngineFixture.start(new ProxyScript(ProxyScript.uri(uasPort, tcp)));
        try (Sipp.Running uas = Sipp.scenario("sipp/uas-ring-cancel.xml").tcp(tcp).localPort(uasPort).calls(3)
                .timeout(SIPP_LIMIT).start()) {
            SippResult uac = Sipp.scenario("sipp/uac-cancel.xml").tcp(tcp).remote(proxy())
                    .localPort(FreePorts.udpAndTcp()).service("bob").calls(3).rate(5).timeout(SIPP_LIMIT).run();
            SippResult uasResult = uas.await();
            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(3);
            assertThat(uasResult.successfulCalls()).as("UAS got the CANCEL: " + uasResult.describe()).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(engine.liveTransactions()).isZero());
    }

    @Test
    void cancelBeforeAnyDownstreamReplyIsSentDownstreamWhenTheProvisionalArrives() throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        engine = EngineFixture.start(new ProxyScript(ProxyScript.uri(uasPort, false)));
        try (Sipp.Running uas = Sipp.scenario("sipp/uas-late-ring.xml").localPort(uasPort).calls(1)
                .timeout(SIPP_LIMIT).start()) {
            SippResult uac = Sipp.scenario("sipp/uac-cancel-early.xml").remote(proxy())
                    .localPort(FreePorts.udpAndTcp()).service("bob").calls(1).timeout(SIPP_LIMIT).run();
            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            SippResult uasResult = uas.await();
            assertThat(uasResult.successfulCalls()).as("UAS got the late CANCEL: " + uasResult.describe())
                    .isEqualTo(1);
        }
    }

    @Test
    void timeoutWithoutFailureRouteGives408Upstream() throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        engine = EngineFixture.start(new ProxyScript(ProxyScript.uri(uasPort, false)), FR_MILLIS, FR_MILLIS);
        try (Sipp.Running uas = Sipp.scenario("sipp/uas-silent.xml").localPort(uasPort).calls(1)
                .timeout(SIPP_LIMIT).start()) {
            SippResult uac = Scenarios.uacExpecting("INVITE", 408, 70).remote(proxy())
                    .localPort(FreePorts.udpAndTcp()).service("bob").calls(1).timeout(SIPP_LIMIT).run();
            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            assertThat(uas.await().successfulCalls()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(engine.liveTransactions()).isZero());
    }

    @Test
    void timeoutRunsTheFailureRouteWhichReplies480() throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<Integer> vias = new CopyOnWriteArrayList<>();
        engine = EngineFixture.start(new ProxyScript(ProxyScript.uri(uasPort, false)) {
            @Override
            void initial(RequestContext ctx) {
                ctx.setFailureRoute("MISSED");
                super.initial(ctx);
            }

            @Override
            public void onFailure(String routeName, RequestContext ctx) {
                seen.add(ctx.replyStatus());
                java.util.ListIterator<?> via = ctx.request().getHeaders(javax.sip.header.ViaHeader.NAME);
                int n = 0;
                for (; via.hasNext(); via.next()) {
                    n++;
                }
                vias.add(n);
                if ("MISSED".equals(routeName) && ctx.replyStatus() == 408) {
                    ctx.reply(480, "Temporarily Unavailable");
                }
            }
        }, FR_MILLIS, FR_MILLIS);
        try (Sipp.Running uas = Sipp.scenario("sipp/uas-silent.xml").localPort(uasPort).calls(1)
                .timeout(SIPP_LIMIT).start()) {
            SippResult uac = Scenarios.uacExpecting("INVITE", 480, 70).remote(proxy())
                    .localPort(FreePorts.udpAndTcp()).service("bob").calls(1).timeout(SIPP_LIMIT).run();
            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            assertThat(uas.await().successfulCalls()).isEqualTo(1);
        }
        assertThat(seen).containsExactly(408);
        assertThat(vias).as("the failure route sees the request as relayed, without our Via").containsExactly(1);
    }

    @Test
    void timeoutFailureRouteRelaysToASecondUas() throws Exception {
        int silentPort = FreePorts.udpAndTcp();
        int backupPort = FreePorts.udpAndTcp();
        engine = EngineFixture.start(new ProxyScript(ProxyScript.uri(silentPort, false)) {
            @Override
            void initial(RequestContext ctx) {
                ctx.setFailureRoute("NEXT");
                super.initial(ctx);
            }

            @Override
            public void onFailure(String routeName, RequestContext ctx) {
                ctx.setDestinationUri(ProxyScript.uri(backupPort, false));
                if (!ctx.relay()) {
                    ctx.reply(500, "Backup Relay Failed");
                }
            }
        }, FR_MILLIS, FR_MILLIS);
        try (Sipp.Running silent = Sipp.scenario("sipp/uas-silent.xml").localPort(silentPort).calls(1)
                .timeout(SIPP_LIMIT).start();
             Sipp.Running backup = Sipp.scenario("sipp/uas-rr.xml").localPort(backupPort).calls(1)
                .timeout(SIPP_LIMIT).start()) {
            SippResult uac = Sipp.scenario("sipp/uac-rr.xml").remote(proxy()).localPort(FreePorts.udpAndTcp())
                    .service("bob").calls(1).timeout(SIPP_LIMIT).run();
            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(1);
            SippResult backupResult = backup.await();
            assertThat(backupResult.successfulCalls()).as(backupResult.describe()).isEqualTo(1);
            assertThat(silent.await().successfulCalls()).isEqualTo(1);
        }
    }

    @Test
    void transactionLeftUnansweredGets500() throws Exception {
        AtomicReference<SipEngine> self = new AtomicReference<>();
        List<int[]> ids = new CopyOnWriteArrayList<>();
        List<Boolean> foundInTable = new CopyOnWriteArrayList<>();
        engine = EngineFixture.start(ctx -> {
            if (!"ACK".equals(ctx.method())) {
                assertThat(ctx.newTransaction()).isTrue();
                assertThat(ctx.newTransaction()).as("t_newtran is idempotent").isTrue();
                ids.add(new int[] {ctx.transactionIndex(), ctx.transactionLabel()});
                foundInTable.add(self.get().findTransaction(ctx.transactionIndex(), ctx.transactionLabel())
                        == ctx.transaction());
            }
        });
        self.set(engine);
        SippResult uac = Scenarios.uacExpecting("INVITE", 500, 70).remote(proxy())
                .localPort(FreePorts.udpAndTcp()).service("bob").calls(2).rate(5).timeout(SIPP_LIMIT).run();
        assertThat(uac.exitCode()).as(uac.describe()).isZero();
        assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(2);
        assertThat(foundInTable).containsExactly(true, true);
        assertThat(ids).allSatisfy(id -> assertThat(engine.findTransaction(id[0], id[1])).isNull());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(engine.liveTransactions()).isZero());
    }

    @Test
    void routerExceptionGets500() throws Exception {
        engine = EngineFixture.start(ctx -> {
            throw new IllegalStateException("script bug on " + ctx.method());
        });
        SippResult uac = Scenarios.uacExpecting("OPTIONS", 500, 70).remote(proxy())
                .localPort(FreePorts.udpAndTcp()).service("bob").calls(2).rate(5).timeout(SIPP_LIMIT).run();
        assertThat(uac.exitCode()).as(uac.describe()).isZero();
        assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(2);
    }
}
