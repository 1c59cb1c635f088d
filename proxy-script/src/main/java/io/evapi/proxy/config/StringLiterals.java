package io.evapi.proxy.config;

import java.util.ArrayList;
import java.util.List;

/** Resolves escapes in string literals and splits out the pseudo-variables they hold. */
final class StringLiterals {

    private StringLiterals() {
    }

    /** The text with its escapes resolved and no pseudo-variable: a global setting's value, for one. */
    static String unescape(String raw) {
        StringBuilder text = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                text.append(escaped(raw.charAt(++i)));
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static char escaped(char e) {
        return switch (e) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> e; // \" \\ \' \$ and anything else: the character itself
        };
    }

    /** A {@link Ast.Literal} when the text has no pseudo-variable, else a {@link Ast.Template}. */
    static Ast.Expr parse(String raw, Position at) throws ConfigException {
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                text.append(escaped(raw.charAt(i + 1)));
                i += 2;
            } else if (c == '$') {
                int len = PvSyntax.length(raw, i);
                if (len == 0) {
                    text.append(c);
                    i++;
                    continue;
                }
                if (text.length() > 0) {
                    parts.add(text.toString());
                    text.setLength(0);
                }
                Position pvAt = new Position(at.file(), at.line(), at.column() + 1 + i);
                parts.add(PvSyntax.parse(raw.substring(i, i + len), pvAt));
                i += len;
            } else {
                text.append(c);
                i++;
            }
        }
        if (text.length() > 0) {
            parts.add(text.toString());
        }
        if (parts.stream().noneMatch(p -> p instanceof Ast.Pv)) {
            return new Ast.Literal(parts.isEmpty() ? "" : (String) parts.get(0), at);
        }
        return new Ast.Template(List.copyOf(parts), at);
    }

    /** Joins adjacent literals: {@code "a" "b$fU"} is one template. */
    static Ast.Expr concat(List<Ast.Expr> pieces, Position at) {
        if (pieces.size() == 1) {
            return pieces.get(0);
        }
        List<Object> parts = new ArrayList<>();
        for (Ast.Expr e : pieces) {
            if (e instanceof Ast.Literal l) {
                parts.add(l.value());
            } else {
                parts.addAll(((Ast.Template) e).parts());
            }
        }
        List<Object> merged = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String s && !merged.isEmpty() && merged.get(merged.size() - 1) instanceof String prev) {
                merged.set(merged.size() - 1, prev + s);
            } else {
                merged.add(p);
            }
        }
        if (merged.size() == 1 && merged.get(0) instanceof String s) {
            return new Ast.Literal(s, at);
        }
        return new Ast.Template(List.copyOf(merged), at);
    }
}
