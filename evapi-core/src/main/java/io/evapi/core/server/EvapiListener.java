package io.evapi.core.server;

/**
 * Receives what happens on client connections. For one connection the calls come in order, one at a time:
 * {@code onConnectionNew}, then each message as it arrived, then {@code onConnectionClosed}. Calls for
 * different connections may run at the same time on different worker threads.
 */
public interface EvapiListener {

    /** A client connected. Closing it here refuses it before any of its messages is read. */
    default void onConnectionNew(EvapiConnection connection) {
    }

    /** A whole message arrived: a netstring's payload, or a line in raw mode. */
    default void onMessage(EvapiConnection connection, String message) {
    }

    /** The connection is gone; always the last call for it. */
    default void onConnectionClosed(EvapiConnection connection) {
    }
}
