package io.evapi.proxy.spi;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A module's {@code modparam}s, declared once as a record: each component is one parameter, {@code int},
 * {@code long} or {@link String} (Kamailio's two parameter types), or a {@code List} of those for a parameter
 * that may be set on several lines. {@link Param} gives a name other than the snake_case of the component and
 * the default. The compact constructor validates and throws {@link InvalidParamException}.
 *
 * <p>The host reads {@link #specs} to check {@code modparam} lines and {@link #bind} to build the record.
 */
public final class ModParams {

    private ModParams() {
    }

    /** The parameters a record declares, in component order. */
    public static List<ParamSpec> specs(Class<? extends Record> type) {
        List<ParamSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            ParamSpec spec = spec(type, c);
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException(type.getName() + " declares parameter " + spec.name() + " twice");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    /**
     * Builds the record from the host's values: every declared name mapped to a {@code Long}, a {@code String}
     * or, for a repeatable parameter, a {@code List} of those; a name that is missing takes its default.
     *
     * @throws ModuleConfigException when the record refuses a value, naming the parameter when it can
     */
    public static <R extends Record> R bind(Class<R> type, Map<String, Object> values) throws ModuleConfigException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            ParamSpec spec = spec(type, components[i]);
            Object value = values.containsKey(spec.name()) ? values.get(spec.name())
                    : spec.repeatable() ? List.of() : spec.defaultValue();
            args[i] = convert(spec, components[i].getType(), value);
            types[i] = components[i].getType();
        }
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof InvalidParamException bad) {
                throw new ModuleConfigException(bad.parameter(), bad.getMessage());
            }
            if (e.getCause() instanceof IllegalArgumentException other) {
                throw new ModuleConfigException(String.valueOf(other.getMessage()));
            }
            throw new IllegalStateException("cannot build " + type.getName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    /**
     * The record with every parameter at its default, for comparisons and tests.
     *
     * @throws IllegalStateException when the record refuses its own defaults (some modules do on purpose:
     *                               a value the config must set)
     */
    public static <R extends Record> R defaults(Class<R> type) {
        try {
            return bind(type, Map.of());
        } catch (ModuleConfigException e) {
            throw new IllegalStateException(type.getName() + " refuses its defaults: " + e.getMessage(), e);
        }
    }

    private static ParamSpec spec(Class<?> record, RecordComponent c) {
        Param p = c.getAnnotation(Param.class);
        String name = p != null && !p.name().isEmpty() ? p.name() : snakeCase(c.getName());
        String text = p == null ? "" : p.defaultValue();
        Class<?> t = c.getType();
        if (t == List.class) {
            return new ParamSpec(name, isLong(elementType(record, c)) ? ParamSpec.Type.INT : ParamSpec.Type.STRING,
                    null, true);
        }
        if (t == String.class) {
            return ParamSpec.string(name, text);
        }
        if (t == int.class || t == long.class) {
            try {
                return ParamSpec.integer(name, Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(record.getName() + "." + c.getName()
                        + ": an integer parameter needs @Param(defaultValue = \"<digits>\"), found '" + text + "'");
            }
        }
        throw new IllegalArgumentException(record.getName() + "." + c.getName() + " has type " + t.getSimpleName()
                + ": expected int, long, String or a List of Long or String");
    }

    private static Class<?> elementType(Class<?> record, RecordComponent c) {
        Type g = c.getGenericType();
        if (g instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> e
                && (e == String.class || e == Long.class)) {
            return e;
        }
        throw new IllegalArgumentException(record.getName() + "." + c.getName()
                + ": a repeatable parameter is a List<String> or a List<Long>");
    }

    private static boolean isLong(Class<?> type) {
        return type == Long.class;
    }

    private static Object convert(ParamSpec spec, Class<?> type, Object value) throws ModuleConfigException {
        if (type == List.class) {
            return value instanceof List<?> list ? List.copyOf(list) : List.of(value);
        }
        if (type == String.class) {
            return value == null ? null : value.toString();
        }
        if (!(value instanceof Long n)) {
            throw new ModuleConfigException(spec.name(), "expected an integer, found '" + value + "'");
        }
        if (type == int.class) {
            if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                throw new ModuleConfigException(spec.name(), "expected an integer from " + Integer.MIN_VALUE
                        + " to " + Integer.MAX_VALUE + ", found " + n);
            }
            return n.intValue();
        }
        return n;
    }

    /** {@code bindAddr} to {@code bind_addr}. */
    static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                sb.append('_').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
