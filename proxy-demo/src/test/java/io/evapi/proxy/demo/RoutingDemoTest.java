package io.evapi.proxy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.proxy.demo.DemoUac.CallResult;
import io.evapi.sip.engine.SipEngine;
import io.evapi.sip.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing demo end to end on real loopback sockets: demo/demo.cfg in the proxy, the RoutingApp on
 * evapi deciding from demo/routing.json, the demo callee answering, the demo caller placing the calls.
 */
class RoutingDemoTest {
    private final ByteArrayOutputStream trace = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(trace, true, StandardCharsets.UTF_8);
    private RoutingDemo demo;

    static DemoPorts freePorts() throws Exception {
        int evapi;
        try (ServerSocket s = new ServerSocket(0)) {
            evapi = s.getLocalPort();
        }
        return new DemoPorts(FreePorts.udpAndTcp(), evapi, FreePorts.udpAndTcp());
    }

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

    private String trace() {
        return trace.toString(StandardCharsets.UTF_8);
    }

    @Test
    void appForwardsRejectsAndRefusesUnknownUsers() throws Exception {
        demo = RoutingDemo.start(freePorts(), Duration.ofSeconds(20));
        demo.startApp();

        CallResult alice = demo.call(1, "alice", out);
        CallResult carol = demo.call(2, "carol", out);
        CallResult nobody = demo.call(3, "nobody", out);
        CallResult dave = demo.call(4, "dave", out);
        CallResult bob = demo.call(5, "bob", out);

        assertThat(alice.status()).as(trace()).isEqualTo(200);
        // 100 goes out when the call is suspended, before the app hears of it (180 may cross the 200: UDP)
        assertThat(alice.provisional()).as(trace()).startsWith("100 Trying");
        assertThat(alice.byeStatus()).as(trace()).isEqualTo("200 OK");
        // code and reason travel from the app's answer through $var into route[DECIDE]
        assertThat(carol.statusText()).as(trace()).isEqualTo("486 Busy Here");
        assertThat(nobody.statusText()).as(trace()).isEqualTo("404 Not Found");
        assertThat(dave.statusText()).as(trace()).isEqualTo("480 Temporarily Unavailable");
        // a forward after rejects on the same worker threads: no decision leaks from one call to the next
        assertThat(bob.status()).as(trace()).isEqualTo(200);
        assertThat(trace())
                .contains("app decision: forward to sip:127.0.0.1:" + demo.ports().uas())
                .contains("app decision: reject with 486 Busy Here")
                .contains("app decision: reject with 404 Not Found")
                .contains("suspended:    transaction index ");
    }

    @Test
    void withNoAppConnectedCallsGet503AtOnce() throws Exception {
        demo = RoutingDemo.start(freePorts(), Duration.ofSeconds(20));

        CallResult alice = demo.call(1, "alice", out);

        assertThat(alice.statusText()).as(trace()).isEqualTo("503 No Routing Application");
        assertThat(trace()).contains("app decision: none").contains("no application was connected to evapi");
    }

    @Test
    void appStoppedThenStartedAgainDecidesAgain() throws Exception {
        demo = RoutingDemo.start(freePorts(), Duration.ofSeconds(20));
        demo.startApp();
        assertThat(demo.call(1, "carol", out).status()).as(trace()).isEqualTo(486);
        demo.stopApp();
        await().atMost(Duration.ofSeconds(10)).until(() -> demo.call(2, "carol", out).status() == 503);
        demo.startApp();
        await().atMost(Duration.ofSeconds(10)).until(() -> demo.call(3, "alice", out).status() == 200);
    }

    @Test
    void calleesMixForwardedRejectedAndUnknown() throws Exception {
        demo = RoutingDemo.start(freePorts(), Duration.ofSeconds(20));
        assertThat(demo.callees(3)).containsExactly("alice", "carol", "nobody");
        assertThat(demo.callees(5)).containsExactly("alice", "carol", "nobody", "bob", "dave");
    }
}
