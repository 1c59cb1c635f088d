package io.evapi.core.server;

/** Why an event did not reach a client. */
public enum DropReason {
    /** The client's outbound queue was over {@code max_pending_bytes}. */
    SLOW_CLIENT,
    /** The client closed, or was closed, before the event was written. */
    CLOSED,
    /** All queues together were over {@code context_mlimit}; the send was refused. */
    CONTEXT_LIMIT,
    /**
     * The event alone was larger than {@code max_pending_bytes}, so no client could ever take it; the send
     * dropped it and nothing else (one per call).
     */
    TOO_LARGE
}
