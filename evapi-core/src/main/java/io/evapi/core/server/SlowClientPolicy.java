package io.evapi.core.server;

/** What happens to a client whose outbound queue is full when a new event is for it. */
public enum SlowClientPolicy {
    /** The event is not queued for that client and is counted as dropped; the client stays connected. */
    DROP,
    /** The client is closed, counted; a stalled consumer cannot hold memory. */
    CLOSE
}
