package io.evapi.proxy.transform;

/**
 * The string transformations, as Kamailio evaluates them: a {@code Long} input is taken as its decimal text,
 * a {@code $null} input or a position outside the string fails the value ({@code null}).
 */
final class StringTransformations {
    /** {@code {s.select,i,\s}}: any of space, tab, CR, LF separates. */
    static final int ANY_WHITESPACE = -1;

    private StringTransformations() {
    }

    static Object length(Object v) {
        return v == null ? null : (long) v.toString().length();
    }

    /** Kamailio's strict conversion: optional sign and digits only ("" is 0); anything else fails. */
    static Object toInteger(Object v) {
        if (v == null || v instanceof Long) {
            return v;
        }
        String s = v.toString();
        int i = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        long n = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || n > (Long.MAX_VALUE - (c - '0')) / 10) {
                return null;
            }
            n = n * 10 + (c - '0');
        }
        return s.startsWith("-") ? -n : n;
    }

    /** ASCII letters only, as Kamailio. */
    static Object ascii(Object v, boolean upper) {
        if (v == null) {
            return null;
        }
        String s = v.toString();
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char mapped = upper ? (c >= 'a' && c <= 'z' ? (char) (c - 32) : c)
                    : (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            if (mapped != c) {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = mapped;
            }
        }
        return out == null ? s : new String(out);
    }

    static Object unquote(Object v) {
        if (v == null) {
            return null;
        }
        String s = v.toString();
        if (s.length() >= 2) {
            char first = s.charAt(0);
            if ((first == '"' || first == '\'') && s.charAt(s.length() - 1) == first) {
                return s.substring(1, s.length() - 1);
            }
        }
        return s;
    }

    /** {@code n <= 0} leaves the value as it is, {@code n >=} its length empties it. */
    static Object strip(Object v, int n, boolean head) {
        if (v == null) {
            return null;
        }
        String s = v.toString();
        if (n <= 0) {
            return s;
        }
        if (n >= s.length()) {
            return "";
        }
        return head ? s.substring(n) : s.substring(0, s.length() - n);
    }

    /**
     * A non-negative offset counts from the start and must fall inside the string; a negative one counts from
     * the end and may reach its start. A length of 0, or one running past the end, takes the rest.
     */
    static Object substr(Object v, int offset, int length) {
        if (v == null) {
            return null;
        }
        String s = v.toString();
        int start;
        if (offset >= 0) {
            if (offset >= s.length()) {
                return null;
            }
            start = offset;
        } else {
            if (-(long) offset > s.length()) {
                return null;
            }
            start = s.length() + offset;
        }
        int end = length == 0 || (long) start + length >= s.length() ? s.length() : start + length;
        return s.substring(start, end);
    }

    /** Field {@code index} (negative: from the end, -1 the last); an index past the fields gives "". */
    static Object select(Object v, int index, int separator) {
        if (v == null) {
            return null;
        }
        String s = v.toString();
        if (index >= 0) {
            int start = 0;
            int remaining = index;
            for (int i = 0; i < s.length(); i++) {
                if (separates(s.charAt(i), separator)) {
                    if (remaining == 0) {
                        return s.substring(start, i);
                    }
                    remaining--;
                    start = i + 1;
                }
            }
            return remaining == 0 ? s.substring(start) : "";
        }
        int end = s.length();
        int remaining = -index - 1;
        for (int i = s.length() - 1; i >= 0; i--) {
            if (separates(s.charAt(i), separator)) {
                if (remaining == 0) {
                    return s.substring(i + 1, end);
                }
                remaining--;
                end = i;
            }
        }
        return remaining == 0 ? s.substring(0, end) : "";
    }

    private static boolean separates(char c, int separator) {
        return separator == ANY_WHITESPACE ? c == ' ' || c == '\t' || c == '\r' || c == '\n' : c == separator;
    }
}
