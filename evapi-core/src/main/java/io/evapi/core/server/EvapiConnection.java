package io.evapi.core.server;

/** A client connection as listeners and callers see it: fixed facts, plus its current tag. */
public interface EvapiConnection {

    /** Slot in the client table: the lowest free index when the client connected, as Kamailio's conidx. */
    int conidx();

    /** Unique per accepted connection, so a reused slot is told apart from its previous holder. */
    long id();

    /** The client's IP address as text (IPv6 in full form, e.g. {@code 0:0:0:0:0:0:0:1}). */
    String remoteAddress();

    /** The client's TCP port. */
    int remotePort();

    /** The tag set with {@link EvapiServer#setTag(int, long, String)}, or null; a reused slot starts without one. */
    String tag();

    /** Bytes queued for this client and not yet written to its socket. */
    default long pendingBytes() {
        return 0;
    }

    /** True once the client is closed or being closed: it will get no more events, nor answer any. */
    default boolean closing() {
        return false;
    }

    /** Events not queued for this client because its queue was over {@code maxPendingBytes}. */
    default long droppedEvents() {
        return 0;
    }
}
