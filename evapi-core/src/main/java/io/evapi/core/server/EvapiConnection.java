package io.evapi.core.server;

/** A client connection as listeners and callers see it. */
public interface EvapiConnection {

    /** Slot in the client table: the lowest free index when the client connected, as in Kamailio. */
    int conidx();

    /** Unique per accepted connection, so a reused slot is told apart from its previous holder. */
    long id();

    /** The client's IP address as text. */
    String remoteAddress();

    int remotePort();

    /** The tag set with {@code setTag}, or null. */
    String tag();
}
