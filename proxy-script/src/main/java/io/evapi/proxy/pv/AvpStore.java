package io.evapi.proxy.pv;

import io.evapi.proxy.spi.ContextKey;
import io.evapi.proxy.spi.ScriptContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code $avp(name)} values of one transaction, kept in the route run's context under {@link #KEY} and
 * carried by the SIP layer with a suspended transaction. As in Kamailio each name holds a stack: an
 * assignment adds a value on top, a read gives the top one, and assigning {@code $null} removes the top one.
 *
 * <p>Synchronized because a suspended transaction resumes on another thread; a run never contends with
 * itself, so the locks are uncontended.
 */
public final class AvpStore {
    public static final ContextKey<AvpStore> KEY = ContextKey.of("sip.avps", AvpStore.class);

    private final Map<String, Deque<Object>> values = new HashMap<>();

    /** The newest value of the name, or null. */
    public synchronized Object get(String name) {
        Deque<Object> stack = values.get(name);
        return stack == null ? null : stack.peekFirst();
    }

    /** Adds a value on top of the name's stack; {@code null} removes the top value instead. */
    public synchronized void add(String name, Object value) {
        if (value == null) {
            Deque<Object> stack = values.get(name);
            if (stack != null) {
                stack.pollFirst();
                if (stack.isEmpty()) {
                    values.remove(name);
                }
            }
            return;
        }
        values.computeIfAbsent(name, n -> new ArrayDeque<>(2)).addFirst(value);
    }

    /** Every value of the name, newest first. */
    public synchronized java.util.List<Object> values(String name) {
        Deque<Object> stack = values.get(name);
        return stack == null ? java.util.List.of() : java.util.List.copyOf(stack);
    }

    /** How many values the name holds. */
    public synchronized int count(String name) {
        Deque<Object> stack = values.get(name);
        return stack == null ? 0 : stack.size();
    }

    /** The store of the run, created and attached on first use. */
    public static AvpStore of(ScriptContext context) {
        AvpStore store = context.get(KEY);
        if (store == null) {
            store = new AvpStore();
            context.put(KEY, store);
        }
        return store;
    }
}
