package io.evapi.proxy.script;

import io.evapi.proxy.spi.ContextKey;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptContext;
import java.util.IdentityHashMap;
import java.util.Map;

/** One run of a route: its type, the data attached to it, and {@code $rc}. Used by one thread at a time. */
public final class Run implements ScriptContext {
    private final RouteType type;
    private final String name;
    private final Map<ContextKey<?>, Object> data = new IdentityHashMap<>(4);
    private long returnCode = 1;
    private int depth;
    private int maxDepth = io.evapi.proxy.config.CoreSettings.DEFAULT_MAX_RECURSIVE_LEVEL;

    public Run(RouteType type, String name) {
        this.type = type;
        this.name = name;
    }

    @Override
    public RouteType routeType() {
        return type;
    }

    @Override
    public String routeName() {
        return name;
    }

    @Override
    public <T> T get(ContextKey<T> key) {
        return key.cast(data.get(key));
    }

    @Override
    public <T> void put(ContextKey<T> key, T value) {
        data.put(key, value);
    }

    /** {@code $rc}: the result of the last function or route called. */
    public long returnCode() {
        return returnCode;
    }

    void returnCode(long value) {
        this.returnCode = value;
    }

    /**
     * Enters one more level of nested blocks (a route body, an if branch, a loop body, a switch), as Kamailio
     * counts them against {@code max_recursive_level}.
     *
     * @return the new level, which the caller compares with {@link #maxDepth()}
     */
    int enter() {
        return ++depth;
    }

    void leave() {
        depth--;
    }

    int maxDepth() {
        return maxDepth;
    }

    void maxDepth(int levels) {
        this.maxDepth = levels;
    }
}
