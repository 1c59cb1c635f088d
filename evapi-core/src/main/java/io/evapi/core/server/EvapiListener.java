package io.evapi.core.server;

/**
 * Receives what happens on client connections. Passed to
 * {@link EvapiServer#start(EvapiServerConfig, EvapiListener...)} it sees every client; one added later with
 * {@link EvapiServer#addListener} misses those connected before.
 *
 * <p>For one connection the calls come in order, one at a time: {@code onConnectionNew}, then each message
 * as it arrived, then {@code onConnectionClosed}. Calls for different connections may run at the same time
 * on different worker threads ({@code workers} in {@link EvapiServerConfig}); with {@code workers = 0} they run
 * on the server's I/O thread and must not block. A listener that throws (an {@link Error} too) is logged and
 * the event still reaches the other listeners. While a connection's listener calls lag behind, the server stops
 * reading from that client (nothing is lost; TCP slows the client down).
 */
public interface EvapiListener {

    /**
     * A client connected. No message of it is read before this returns. Closing it here
     * ({@link EvapiServer#close(int, long)}) drops it before any of its messages is read;
     * {@code onConnectionClosed} still follows.
     */
    default void onConnectionNew(EvapiConnection connection) {
    }

    /**
     * A whole message arrived: a netstring's payload, or a line in raw mode (decoded as UTF-8). Messages read
     * after {@link EvapiServer#close(int, long)} was called for the connection are not delivered.
     */
    default void onMessage(EvapiConnection connection, String message) {
    }

    /** The connection is gone; always the last call for it. */
    default void onConnectionClosed(EvapiConnection connection) {
    }
}
