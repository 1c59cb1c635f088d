package io.evapi.proxy.spi.mi;

/**
 * The parameters of one MI call, by name: positional parameters are named after the recipe they matched.
 * Values are as JSON gives them: {@code String}, {@code Long}, {@code Double}, {@code Boolean}, null, a
 * {@code List} or a {@code Map} (in document order).
 */
public interface MiParams {

    /** Whether the call has this parameter. */
    boolean has(String name);

    /** The raw value, or null when absent. */
    Object get(String name);

    /**
     * A string parameter.
     *
     * @throws MiException {@code -32602 "Invalid params"}, data {@code "Bad type for parameter 'NAME'"}, when it
     *                     is not a string
     */
    String string(String name) throws MiException;

    /**
     * An integer parameter: a JSON number (a fraction is truncated) or a string of an optional sign and digits
     * (OpenSIPS's {@code str2sint}), as opensips-cli sends every argument as a string.
     *
     * @throws MiException {@code -32602 "Invalid params"}, data {@code "Bad type for parameter 'NAME'"}
     */
    long integer(String name) throws MiException;
}
