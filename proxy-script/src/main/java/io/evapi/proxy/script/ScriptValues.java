package io.evapi.proxy.script;

import io.evapi.proxy.spi.ScriptRuntimeException;

/** Kamailio's rules for script values ({@code String}, {@code Long}, {@code null}). */
public final class ScriptValues {
    /** How {@code $null} prints inside strings, as Kamailio prints it. */
    public static final String NULL_TEXT = "<null>";

    private ScriptValues() {
    }

    public static String text(Object v) {
        return v == null ? NULL_TEXT : v.toString();
    }

    public static boolean truthy(Object v) {
        if (v instanceof Long n) {
            return n != 0;
        }
        return v instanceof String s && !s.isEmpty();
    }

    /** The integer value; a string must hold a decimal integer. */
    public static long toLong(Object v) {
        if (v instanceof Long n) {
            return n;
        }
        Long n = parse(v);
        if (n == null) {
            throw new ScriptRuntimeException("expected an integer, found " + describe(v));
        }
        return n;
    }

    static Long parse(Object v) {
        if (v instanceof Long n) {
            return n;
        }
        if (!(v instanceof String s)) {
            return null;
        }
        String t = s.trim();
        if (t.isEmpty() || t.length() > 19) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(Character.isDigit(c) || (i == 0 && (c == '-' || c == '+') && t.length() > 1))) {
                return null;
            }
        }
        return Long.parseLong(t);
    }

    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Long || b instanceof Long) {
            Long x = parse(a);
            Long y = parse(b);
            if (x != null && y != null) {
                return x.longValue() == y.longValue();
            }
        }
        return a.toString().equals(b.toString());
    }

    static int compare(Object a, Object b) {
        Long x = parse(a);
        Long y = parse(b);
        if (x != null && y != null) {
            return Long.compare(x, y);
        }
        if (a == null || b == null) {
            throw new ScriptRuntimeException("cannot order " + describe(a) + " and " + describe(b));
        }
        return a.toString().compareTo(b.toString());
    }

    static String describe(Object v) {
        return v == null ? "$null" : v instanceof Long ? "integer " + v : "string \"" + v + "\"";
    }
}
