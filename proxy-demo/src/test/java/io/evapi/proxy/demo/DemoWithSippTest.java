package io.evapi.proxy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.sip.engine.SipEngine;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.Sipp;
import io.evapi.sip.testkit.SippResult;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The calls the demo tells users to place by hand: sipp's built-in UAC through the running demo. */
class DemoWithSippTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private RoutingDemo demo;

    @AfterEach
    void tearDown() {
        if (demo != null) {
            SipEngine engine = demo.proxy().engine();
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                assertThat(engine.suspendedTransactions()).as("suspended left").isZero();
                assertThat(engine.liveTransactions()).as("transactions left").isZero();
            });
            demo.close();
        }
    }

    @Test
    void sippBuiltInUacCallsAreForwardedOrRejectedAsTheAppSays() throws Exception {
        demo = RoutingDemo.start(RoutingDemoTest.freePorts(), Duration.ofSeconds(20));
        demo.startApp();
        String proxy = "127.0.0.1:" + demo.ports().sip();

        SippResult forwarded = Sipp.builtIn("uac").remote(proxy).localPort(FreePorts.udpAndTcp()).service("alice")
                .calls(20).rate(10).timeout(LIMIT).run();
        SippResult rejected = Scenarios.uacExpecting("INVITE", 486, 70).remote(proxy)
                .localPort(FreePorts.udpAndTcp()).service("carol").calls(3).rate(10).timeout(LIMIT).run();

        assertThat(forwarded.successfulCalls()).as(forwarded.describe()).isEqualTo(20);
        assertThat(forwarded.failedCalls()).as(forwarded.describe()).isZero();
        assertThat(rejected.successfulCalls()).as(rejected.describe()).isEqualTo(3);
    }

    @Test
    void concurrentForwardsAndRejectsKeepTheirOwnDecisions() throws Exception {
        // two evapi workers resume calls at once: each route[DECIDE] must see the $var of its own answer
        demo = RoutingDemo.start(RoutingDemoTest.freePorts(), Duration.ofSeconds(20));
        demo.startApp();
        String proxy = "127.0.0.1:" + demo.ports().sip();
        try (Sipp.Running busy = Scenarios.uacExpecting("INVITE", 486, 70).remote(proxy)
                .localPort(FreePorts.udpAndTcp()).service("carol").calls(100).rate(50).timeout(LIMIT).start();
                Sipp.Running unknown = Scenarios.uacExpecting("INVITE", 404, 70).remote(proxy)
                        .localPort(FreePorts.udpAndTcp()).service("nobody").calls(100).rate(50).timeout(LIMIT)
                        .start()) {
            SippResult forwarded = Sipp.builtIn("uac").remote(proxy).localPort(FreePorts.udpAndTcp())
                    .service("alice").calls(100).rate(50).timeout(LIMIT).run();
            SippResult busyResult = busy.await();
            SippResult unknownResult = unknown.await();
            assertThat(forwarded.successfulCalls()).as(forwarded.describe()).isEqualTo(100);
            assertThat(busyResult.successfulCalls()).as(busyResult.describe()).isEqualTo(100);
            assertThat(unknownResult.successfulCalls()).as(unknownResult.describe()).isEqualTo(100);
        }
    }
}
