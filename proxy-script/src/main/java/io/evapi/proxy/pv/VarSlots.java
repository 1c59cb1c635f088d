package io.evapi.proxy.pv;

import java.util.HashMap;
import java.util.Map;

/**
 * Storage of {@code $var(name)}: one value per name and per thread, kept across the requests a thread
 * handles, as Kamailio keeps script variables per worker process. A name gets a slot index once, while the
 * config compiles, so an access is a thread-local array lookup with no map and no hashing of the name.
 *
 * <p>As in Kamailio a script variable is never null: it reads as {@code 0} until set, and assigning
 * {@code $null} sets it back to {@code 0}.
 */
public final class VarSlots {
    private static final Long ZERO = 0L;

    private final Map<String, Integer> indexes = new HashMap<>();
    private final ThreadLocal<Object[]> values = ThreadLocal.withInitial(() -> new Object[0]);

    /** The slot of a name, the same for every use of the name; called while the config compiles. */
    public synchronized int slot(String name) {
        return indexes.computeIfAbsent(name, n -> indexes.size());
    }

    /** The calling thread's value of the slot: {@code String} or {@code Long}, {@code 0} when never set. */
    public Object get(int slot) {
        Object[] v = values.get();
        Object value = slot < v.length ? v[slot] : null;
        return value == null ? ZERO : value;
    }

    /** Sets the calling thread's value of the slot; {@code null} stores {@code 0}. */
    public void set(int slot, Object value) {
        Object[] v = values.get();
        if (slot >= v.length) {
            Object[] grown = new Object[Math.max(slot + 1, size())];
            System.arraycopy(v, 0, grown, 0, v.length);
            values.set(grown);
            v = grown;
        }
        v[slot] = value == null ? ZERO : value;
    }

    private synchronized int size() {
        return indexes.size();
    }
}
