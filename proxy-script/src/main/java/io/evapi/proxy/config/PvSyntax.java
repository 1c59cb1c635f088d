package io.evapi.proxy.config;

import java.util.ArrayList;
import java.util.List;

/** Splits pseudo-variable text ({@code $fU}, {@code $var(x)}, {@code $(hdr(From){uri.user}{s.len})}). */
final class PvSyntax {

    private PvSyntax() {
    }

    static Ast.Pv parse(String text, Position at) throws ConfigException {
        if (text.startsWith("$(")) {
            if (!text.endsWith(")")) {
                throw new ConfigException(at, "expected ')' to close " + text);
            }
            String body = text.substring(2, text.length() - 1);
            int i = 0;
            while (i < body.length() && isNameChar(body.charAt(i))) {
                i++;
            }
            String name = body.substring(0, i);
            if (name.isEmpty()) {
                throw new ConfigException(at, "expected a pseudo-variable name in " + text);
            }
            String inner = null;
            if (i < body.length() && body.charAt(i) == '(') {
                int close = matching(body, i, '(', ')');
                if (close < 0) {
                    throw new ConfigException(at, "expected ')' in " + text);
                }
                inner = body.substring(i + 1, close);
                i = close + 1;
            }
            List<String> transformations = new ArrayList<>();
            while (i < body.length()) {
                if (body.charAt(i) != '{') {
                    throw new ConfigException(at, "expected '{' to start a transformation in " + text + ", found '"
                            + body.charAt(i) + "'");
                }
                int close = matching(body, i, '{', '}');
                if (close < 0) {
                    throw new ConfigException(at, "expected '}' to close a transformation in " + text);
                }
                transformations.add(body.substring(i + 1, close));
                i = close + 1;
            }
            return new Ast.Pv(name, inner, List.copyOf(transformations), text, at);
        }
        int open = text.indexOf('(');
        if (open < 0) {
            return new Ast.Pv(text.substring(1), null, List.of(), text, at);
        }
        return new Ast.Pv(text.substring(1, open), text.substring(open + 1, text.length() - 1), List.of(), text, at);
    }

    /** Length of the pseudo-variable starting at {@code s[from] == '$'}, or 0 if none starts there. */
    static int length(String s, int from) {
        int i = from + 1;
        if (i < s.length() && s.charAt(i) == '(') {
            int close = matching(s, i, '(', ')');
            return close < 0 ? 0 : close + 1 - from;
        }
        int start = i;
        while (i < s.length() && isNameChar(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            return 0;
        }
        if (i < s.length() && s.charAt(i) == '(') {
            int close = matching(s, i, '(', ')');
            return close < 0 ? 0 : close + 1 - from;
        }
        return i - from;
    }

    private static int matching(String s, int open, char o, char c) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == '}') {
                depth--;
                if (depth == 0) {
                    return ch == c ? i : -1;
                }
            }
        }
        return -1;
    }

    static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
