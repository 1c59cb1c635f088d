package io.evapi.sip.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.SippResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Local replies without transactions: OPTIONS keepalive, Max-Forwards exhaustion. */
class StatelessRepliesTest {

    /** The script: mf_process_maxfwd_header(10) else 483; OPTIONS answered 200 statelessly. */
    static final SipRouter ROUTER = ctx -> {
        if (!ctx.processMaxForwards(10)) {
            ctx.slReply(483, "Too Many Hops");
            return;
        }
        if ("OPTIONS".equals(ctx.method())) {
            ctx.slReply(200, "OK");
        }
    };

    private SipEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    @ParameterizedTest(name = "sipp {0}")
    @ValueSource(strings = {"u1", "t1"})
    void optionsIsAnsweredStatelesslyWith200(String transport) throws Exception {
        engine = EngineFixture.start(ROUTER);
        SippResult result = Scenarios.uacExpecting("OPTIONS", 200, 70).transport(transport)
                .remote("127.0.0.1:" + engine.port("udp")).localPort(FreePorts.udpAndTcp())
                .calls(5).rate(10).timeout(Duration.ofSeconds(30)).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.successfulCalls()).as(result.describe()).isEqualTo(5);
        assertThat(engine.liveTransactions()).isZero();
    }

    @ParameterizedTest(name = "sipp {0}")
    @ValueSource(strings = {"u1", "t1"})
    void contextReportsWhereTheRequestCameFromAndArrived(String transport) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        engine = EngineFixture.start(ctx -> {
            seen.add(ctx.transport() + " " + ctx.sourceAddress() + " " + (ctx.sourcePort() > 0) + " "
                    + ctx.localAddress() + ":" + ctx.localPort() + " " + ctx.requestUri());
            ctx.slReply(200, "OK");
        });
        int sippPort = FreePorts.udpAndTcp();
        SippResult result = Scenarios.uacExpecting("OPTIONS", 200, 70).transport(transport).service("carol")
                .remote("127.0.0.1:" + engine.port("udp")).localPort(sippPort)
                .calls(1).timeout(Duration.ofSeconds(30)).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        String expectedTransport = transport.equals("t1") ? "tcp" : "udp";
        assertThat(seen).containsExactly(expectedTransport + " 127.0.0.1 true 127.0.0.1:" + engine.port("udp")
                + " sip:carol@127.0.0.1:" + engine.port("udp"));
    }

    @Test
    void maxForwardsZeroGets483() throws Exception {
        engine = EngineFixture.start(ROUTER);
        SippResult result = Scenarios.uacExpecting("OPTIONS", 483, 0)
                .remote("127.0.0.1:" + engine.port("udp")).localPort(FreePorts.udpAndTcp())
                .calls(3).rate(10).timeout(Duration.ofSeconds(30)).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.successfulCalls()).as(result.describe()).isEqualTo(3);
    }
}
