package io.evapi.core.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link EvapiMetrics}; LongAdders so hot paths on many threads do not contend. */
final class Counters {
    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder open = new LongAdder();
    final LongAdder framesIn = new LongAdder();
    final LongAdder badFrames = new LongAdder();
    final LongAdder slowClosed = new LongAdder();
    final LongAdder idleClosed = new LongAdder();
    final LongAdder relayed = new LongAdder();
    final LongAdder queued = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    private final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

    Counters() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    void drop(DropReason reason, long count) {
        dropped.get(reason).add(count);
    }

    EvapiMetrics snapshot() {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        dropped.forEach((reason, adder) -> drops.put(reason, adder.sum()));
        return new EvapiMetrics(accepted.sum(), refused.sum(), open.sum(), framesIn.sum(), badFrames.sum(),
                slowClosed.sum(),
                relayed.sum(), queued.sum(), delivered.sum(), drops, bytesOut.sum(), idleClosed.sum());
    }
}
