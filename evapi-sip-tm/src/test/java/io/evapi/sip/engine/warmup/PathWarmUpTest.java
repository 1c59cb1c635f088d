package io.evapi.sip.engine.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.sip.engine.RequestContext;
import io.evapi.sip.engine.SipRouter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PathWarmUpTest {

    @Test
    void everyCallOfTheMixEndsWithItsFinalReply() {
        // 4 cycles of the mix: MESSAGE, suspended and resumed OPTIONS, REGISTER, INVITE calls with ACK and BYE, and
        // INVITEs refused with 486. One kind whose path is broken would leave its calls open and the count short.
        int calls = 4 * 16;
        assertThat(PathWarmUp.run(10_000, calls, 4, null)).isEqualTo(calls);
    }

    @Test
    void theHostsScriptRoutesTheSecondHalfAndIsClosedAfter() {
        AtomicInteger routed = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();
        class HostScript implements SipRouter, AutoCloseable {
            private final String callee;

            HostScript(int calleePort) {
                callee = "sip:127.0.0.1:" + calleePort;
            }

            @Override
            public void onRequest(RequestContext ctx) {
                routed.incrementAndGet();
                if (ctx.hasToTag()) {
                    if (ctx.looseRoute()) {
                        ctx.relay();
                    }
                } else if (ctx.method().equals("INVITE")) {
                    ctx.recordRoute();
                    ctx.setDestinationUri(callee);
                    ctx.relay();
                } else {
                    ctx.slReply(200, "OK");
                }
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }
        int calls = 4 * 16;
        assertThat(PathWarmUp.run(10_000, calls, 4, HostScript::new)).isEqualTo(calls);
        // its half: 2 cycles of 16 calls, 8 of them INVITEs with an ACK and a BYE, and 2 refused (no ACK, BYE)
        assertThat(routed.get()).isEqualTo(2 * 16 + 2 * 3 * 2);
        assertThat(closed).isTrue();
    }

    @Test
    void aHostScriptThatCannotStartLeavesTheEngineRoutes() {
        int calls = 2 * 16;
        assertThat(PathWarmUp.run(10_000, calls, 2, port -> {
            throw new IllegalStateException("broken warm-up config");
        })).isEqualTo(calls);
    }

    @Test
    void zeroMillisSendsNothing() {
        assertThat(PathWarmUp.run(0, 1_000, 4, null)).isZero();
    }

    @Test
    void leavesNoThreadOfItsOwnRunning() {
        PathWarmUp.run(5_000, 32, 2, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("sip-warm-up")));
    }
}
