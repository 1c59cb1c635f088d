package io.evapi.proxy.config;

import io.evapi.proxy.config.Token.Type;
import java.util.List;

/** A cursor over the token list, shared by the parts of the parser; it never moves past the EOF token. */
abstract class TokenReader {
    final List<Token> tokens;
    int pos;

    TokenReader(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peekAt(int offset) {
        int i = Math.max(0, Math.min(pos + offset, tokens.size() - 1));
        return tokens.get(i);
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.type() != Type.EOF) {
            pos++;
        }
        return t;
    }

    void optional(String punct) {
        if (peek().is(punct)) {
            pos++;
        }
    }

    Token expect(String punct, String expected) throws ConfigException {
        Token t = peek();
        if (!t.is(punct)) {
            throw error(t, expected);
        }
        return next();
    }

    Token expect(Type type, String expected) throws ConfigException {
        Token t = peek();
        if (t.type() != type) {
            throw error(t, expected);
        }
        return next();
    }

    static long number(Token t) throws ConfigException {
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw new ConfigException(t.position(), "integer " + t.text() + " is out of range");
        }
    }

    static String unescape(String raw) {
        return StringLiterals.unescape(raw);
    }

    static ConfigException error(Token found, String expected) {
        return new ConfigException(found.position(), "expected " + expected + ", found " + found.describe());
    }
}
