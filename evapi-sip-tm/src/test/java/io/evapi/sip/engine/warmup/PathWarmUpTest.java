package io.evapi.sip.engine.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PathWarmUpTest {

    @Test
    void everyCallOfTheMixEndsWithItsFinalReply() {
        // 4 cycles of the mix: MESSAGE, suspended and resumed OPTIONS, REGISTER, INVITE calls with ACK and BYE, and
        // INVITEs refused with 486. One kind whose path is broken would leave its calls open and the count short.
        int calls = 4 * 16;
        assertThat(PathWarmUp.run(10_000, calls, 4)).isEqualTo(calls);
    }

    @Test
    void zeroMillisSendsNothing() {
        assertThat(PathWarmUp.run(0, 1_000, 4)).isZero();
    }

    @Test
    void leavesNoThreadOfItsOwnRunning() {
        PathWarmUp.run(5_000, 32, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("sip-warm-up")));
    }
}
