package io.evapi.core.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/** The client table: a fixed number of slots, a new client takes the lowest free one (Kamailio's conidx). */
final class ConnectionTable {
    private final AtomicReferenceArray<ClientConnection> slots;

    ConnectionTable(int size) {
        this.slots = new AtomicReferenceArray<>(size);
    }

    int size() {
        return slots.length();
    }

    /** The lowest free slot index, reserved for the caller by {@link #claim}; -1 when the table is full. */
    int claim(java.util.function.IntFunction<ClientConnection> factory) {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) == null) {
                ClientConnection connection = factory.apply(i);
                if (slots.compareAndSet(i, null, connection)) {
                    return i;
                }
            }
        }
        return -1;
    }

    void release(ClientConnection connection) {
        slots.compareAndSet(connection.conidx(), connection, null);
    }

    ClientConnection get(int conidx) {
        return conidx >= 0 && conidx < slots.length() ? slots.get(conidx) : null;
    }

    void forEach(Consumer<ClientConnection> action) {
        for (int i = 0; i < slots.length(); i++) {
            ClientConnection c = slots.get(i);
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
