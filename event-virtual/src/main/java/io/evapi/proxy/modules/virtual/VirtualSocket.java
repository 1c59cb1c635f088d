package io.evapi.proxy.modules.virtual;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code virtual:POLICY sock1 sock2 ...}: the policy, the sub-sockets in order, one expiry for the whole (the
 * event interface's), and the counters of this virtual subscriber. {@code inFlight} counts the events whose
 * outcome is not known yet (a FAILOVER chain waiting for a sub-socket's status): bounded by {@code queue_size}.
 */
final class VirtualSocket {
    final Policy policy;
    final List<SubSocket> subs;
    final String printed;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger next = new AtomicInteger();
    final LongAdder raised = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    volatile String lastError;
    volatile boolean released;

    VirtualSocket(Policy policy, List<SubSocket> subs) {
        this.policy = policy;
        this.subs = List.copyOf(subs);
        StringBuilder sb = new StringBuilder(policy.text);
        for (SubSocket s : subs) {
            sb.append(' ').append(s.text);
        }
        this.printed = sb.toString();
    }

    @Override
    public String toString() {
        return "virtual:" + printed;
    }
}
