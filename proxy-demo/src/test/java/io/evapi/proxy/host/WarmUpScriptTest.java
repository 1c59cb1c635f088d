package io.evapi.proxy.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.sip.engine.ForwardingRouter;
import io.evapi.sip.engine.RequestContext;
import io.evapi.sip.engine.SipRouter;
import io.evapi.sip.engine.warmup.PathWarmUp;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmUpScriptTest {

    @Test
    void theBundledScriptEndsEveryCallOfItsHalfOfTheWarmUp() {
        AtomicInteger routed = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();
        int calls = 4 * 16;
        long ended = PathWarmUp.run(20_000, calls, 2, port -> new Counting(WarmUpScript.start(port), routed, closed));
        assertThat(ended).as("calls that ended with their final reply").isEqualTo(calls);
        // the script's half: 2 cycles of the mix, each 12 requests answered at once and 3 calls of INVITE, ACK and
        // BYE plus one INVITE refused by the callee (its failure_route runs, and the 486 goes upstream)
        assertThat(routed.get()).isEqualTo(2 * 22);
        assertThat(closed).as("its modules were stopped").isTrue();
    }

    /** Counts the requests the script routes, and its closing. */
    private static final class Counting extends ForwardingRouter implements AutoCloseable {
        private final WarmUpScript script;
        private final AtomicInteger routed;
        private final AtomicBoolean closed;

        Counting(WarmUpScript script, AtomicInteger routed, AtomicBoolean closed) {
            this.script = script;
            this.routed = routed;
            this.closed = closed;
        }

        @Override
        protected SipRouter delegate() {
            return script;
        }

        @Override
        public void onRequest(RequestContext ctx) {
            routed.incrementAndGet();
            super.onRequest(ctx);
        }

        @Override
        public void close() {
            script.close();
            closed.set(true);
        }
    }
}
