package io.evapi.proxy.spi;

import static java.util.Objects.requireNonNull;

/**
 * A parameter settable with {@code modparam}. The host checks the value's type; the module checks the rest
 * in {@link ProxyModule#configure} and reports with {@link ModuleConfigException}.
 *
 * @param defaultValue a {@code Long} for {@link Type#INT}, a {@code String} for {@link Type#STRING}; may be
 *                     {@code null} for a repeatable parameter (then it defaults to an empty list)
 * @param repeatable   whether several {@code modparam} lines add values instead of the last one winning
 */
public record ParamSpec(String name, Type type, Object defaultValue, boolean repeatable) {

    public enum Type { INT, STRING }

    public ParamSpec {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("parameter name is blank");
        }
        if (defaultValue == null && !repeatable) {
            throw new IllegalArgumentException("parameter " + name + " needs a default value");
        }
        if (defaultValue != null && !(type == Type.INT ? defaultValue instanceof Long : defaultValue instanceof String)) {
            throw new IllegalArgumentException("default of " + name + " is not of type " + type);
        }
    }

    public static ParamSpec integer(String name, long defaultValue) {
        return new ParamSpec(name, Type.INT, defaultValue, false);
    }

    public static ParamSpec string(String name, String defaultValue) {
        return new ParamSpec(name, Type.STRING, defaultValue, false);
    }
}
