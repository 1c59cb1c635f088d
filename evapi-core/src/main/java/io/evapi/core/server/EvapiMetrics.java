package io.evapi.core.server;

import java.util.Map;

/**
 * A snapshot of the server's counters.
 *
 * @param connectionsAccepted clients given a slot
 * @param connectionsRefused  clients closed at once because the table was full
 * @param connectionsOpen     clients connected now
 * @param framesIn            messages received from clients
 * @param badFrames           clients closed for a framing error
 * @param slowClientsClosed   clients closed for a full queue (policy CLOSE) or a stalled write
 * @param eventsRelayed       relay, multicast and unicast calls
 * @param deliveriesQueued    frames queued for a client (one event to three clients counts three)
 * @param delivered           frames written to the socket (counted per write batch when the batch is done)
 * @param dropped             frames not delivered, by reason: {@code SLOW_CLIENT} not queued for a client
 *                            over {@code maxPendingBytes}; {@code CLOSED} queued but the client went away first
 *                            (a write batch cut by the close counts whole); {@code CONTEXT_LIMIT} sends refused
 *                            over {@code maxQueuedEvents} (one per call); {@code TOO_LARGE} events larger than
 *                            {@code maxPendingBytes} (one per call)
 * @param bytesOut            bytes of the frames counted in {@code delivered}
 * @param idleClientsClosed   clients closed for sending nothing and being sent nothing for {@code idleTimeoutMillis}
 */
public record EvapiMetrics(
        long connectionsAccepted,
        long connectionsRefused,
        long connectionsOpen,
        long framesIn,
        long badFrames,
        long slowClientsClosed,
        long eventsRelayed,
        long deliveriesQueued,
        long delivered,
        Map<DropReason, Long> dropped,
        long bytesOut,
        long idleClientsClosed) {

    public EvapiMetrics {
        dropped = Map.copyOf(dropped);
    }

    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }
}
