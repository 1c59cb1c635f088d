package io.evapi.proxy.spi;

import static java.util.Objects.requireNonNull;

/**
 * A typed key for data attached to a {@link ScriptContext}. Keys compare by identity: a module keeps its
 * keys in constants and shares them with whoever needs to read the data.
 */
public final class ContextKey<T> {
    private final String name;
    private final Class<T> type;

    private ContextKey(String name, Class<T> type) {
        this.name = requireNonNull(name, "name");
        this.type = requireNonNull(type, "type");
    }

    public static <T> ContextKey<T> of(String name, Class<T> type) {
        return new ContextKey<>(name, type);
    }

    public T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return "ContextKey[" + name + "]";
    }
}
