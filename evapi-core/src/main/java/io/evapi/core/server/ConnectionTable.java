package io.evapi.core.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The client table: a fixed number of slots, a new client takes the lowest free one (Kamailio's conidx).
 *
 * <p>Slots are claimed on the accept path only (one thread, in accept order) and released from any thread. A
 * claimed slot is seen by lookups only once its connection is {@linkplain ClientConnection#attached() attached}
 * to an I/O thread: before that nothing could be written to it.
 */
final class ConnectionTable {
    private final AtomicReferenceArray<ClientConnection> slots;

    ConnectionTable(int size) {
        this.slots = new AtomicReferenceArray<>(size);
    }

    int size() {
        return slots.length();
    }

    /** Puts the connection made for the lowest free slot there; null when the table is full. */
    ClientConnection claim(IntFunction<ClientConnection> factory) {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) == null) {
                ClientConnection connection = factory.apply(i);
                if (slots.compareAndSet(i, null, connection)) {
                    return connection;
                }
            }
        }
        return null;
    }

    /** Frees the connection's slot; false when it was freed already. */
    boolean release(ClientConnection connection) {
        return slots.compareAndSet(connection.conidx(), connection, null);
    }

    /** The attached connection in that slot, or null. */
    ClientConnection get(int conidx) {
        if (conidx < 0 || conidx >= slots.length()) {
            return null;
        }
        ClientConnection c = slots.get(conidx);
        return c != null && c.attached() ? c : null;
    }

    /** Each attached connection, in slot order. */
    void forEach(Consumer<ClientConnection> action) {
        for (int i = 0; i < slots.length(); i++) {
            ClientConnection c = get(i);
            if (c != null) {
                action.accept(c);
            }
        }
    }

    List<EvapiConnection> snapshot() {
        List<EvapiConnection> list = new ArrayList<>();
        forEach(list::add);
        return List.copyOf(list);
    }
}
