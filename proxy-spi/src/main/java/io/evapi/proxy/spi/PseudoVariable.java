package io.evapi.proxy.spi;

/** One resolved pseudo-variable, such as {@code $evapi(msg)} or {@code $T(id_index)}. */
public interface PseudoVariable {

    /** The value: {@code String}, {@code Long} or {@code null} for {@code $null}. */
    Object get(ScriptContext context) throws ScriptRuntimeException;

    /** Whether the config may assign to it; the host reports a config error for an assignment otherwise. */
    default boolean assignable() {
        return false;
    }

    /** Assigns a value; {@code null} is {@code $null}. Only called when {@link #assignable()} is true. */
    default void set(ScriptContext context, Object value) throws ScriptRuntimeException {
    }
}
