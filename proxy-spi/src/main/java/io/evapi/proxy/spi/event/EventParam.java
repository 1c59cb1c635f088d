package io.evapi.proxy.spi.event;

/**
 * One parameter of a raised event, as OpenSIPS's {@code evi_param_t}: an optional name and a value that is an
 * integer ({@code Long}) or a string ({@code String}); {@code null} is a string parameter with no value (sent
 * as JSON {@code null}). Parameters are ordered: the payload is an object when the first one has a name, an
 * array otherwise.
 *
 * @param name  the name, or null for an unnamed (positional) parameter
 * @param value a {@code Long}, a {@code String} or null
 */
public record EventParam(String name, Object value) {

    public EventParam {
        if (value != null && !(value instanceof Long) && !(value instanceof String)) {
            throw new IllegalArgumentException("an event parameter is a Long or a String, found "
                    + value.getClass().getSimpleName());
        }
    }

    public static EventParam of(String name, long value) {
        return new EventParam(name, value);
    }

    public static EventParam of(String name, String value) {
        return new EventParam(name, value);
    }

    public static EventParam unnamed(Object value) {
        return new EventParam(null, value);
    }

    public boolean named() {
        return name != null;
    }
}
