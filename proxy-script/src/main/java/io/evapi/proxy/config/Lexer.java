package io.evapi.proxy.config;

import io.evapi.proxy.config.Token.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns config files into tokens, running the preprocessor on the way: {@code #!define} and friends,
 * {@code #!ifdef}/{@code #!ifndef}/{@code #!else}/{@code #!endif}, {@code include_file} and
 * {@code import_file}. Tokens keep the file, line and column they came from, also inside included files.
 */
public final class Lexer {
    private static final int MAX_INCLUDE_DEPTH = 16;
    private static final String[] PUNCT2 = {"==", "!=", "<=", ">=", "=~", "!~", "&&", "||"};

    private final Preprocessor pre;
    private final List<Token> out;

    private Lexer(Preprocessor pre, List<Token> out) {
        this.pre = pre;
        this.out = out;
    }

    /** Tokens of a config file and everything it includes, ending with one EOF token. */
    public static List<Token> tokenize(Path file, Preprocessor pre) throws ConfigException {
        List<Token> tokens = new ArrayList<>();
        String text = read(file, null);
        new Lexer(pre, tokens).lexFile(text, file.toString(), file.toAbsolutePath().getParent(), 0);
        pre.checkClosed(file.toString());
        tokens.add(new Token(Type.EOF, "", endOf(file.toString(), text)));
        return tokens;
    }

    /** Tokens of config text that has no file (a bundled resource); includes resolve against {@code dir}. */
    public static List<Token> tokenize(String text, String name, Path dir, Preprocessor pre) throws ConfigException {
        List<Token> tokens = new ArrayList<>();
        new Lexer(pre, tokens).lexFile(text, name, dir, 0);
        pre.checkClosed(name);
        tokens.add(new Token(Type.EOF, "", endOf(name, text)));
        return tokens;
    }

    private static Position endOf(String name, String text) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new Position(name, line, col);
    }

    private static String read(Path file, Position from) throws ConfigException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : Files.isDirectory(file) ? "it is a directory" : e.getMessage();
            if (from != null) {
                throw new ConfigException(from, "cannot read " + file + ": " + why);
            }
            // the file itself is what is wrong: no line or column to point at
            throw new ConfigException(Position.file(file.toString()), "cannot read the config file: " + why);
        }
    }

    private void lexFile(String text, String name, Path dir, int depth) throws ConfigException {
        Scanner s = new Scanner(text, name);
        while (true) {
            s.skipBlanksAndComments(pre);
            if (s.atEnd()) {
                return;
            }
            Position at = s.position();
            char c = s.peek();
            if (c == '#' && s.peekAt(1) == '!' && s.atLineStart()) {
                pre.directive(s.restOfLine(), at);
                continue;
            }
            if (!pre.active()) {
                s.restOfLine();
                continue;
            }
            Token token = s.next(at);
            if (token.type() == Type.WORD && (token.text().equals("include_file") || token.text().equals("import_file"))) {
                include(s, token, dir, depth);
            } else if (token.type() == Type.WORD && pre.valueOf(token.text()) != null) {
                expandDefine(token.text(), token.position(), new java.util.HashSet<>());
            } else {
                out.add(token);
            }
        }
    }

    private void include(Scanner s, Token directive, Path dir, int depth) throws ConfigException {
        s.skipBlanksAndComments(pre);
        Position at = s.position();
        if (s.atEnd() || (s.peek() != '"' && s.peek() != '\'')) {
            throw new ConfigException(at, "expected a quoted file name after " + directive.text());
        }
        Token name = s.next(at);
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw new ConfigException(directive.position(), "includes nested deeper than " + MAX_INCLUDE_DEPTH);
        }
        Path file = dir == null ? Path.of(name.text()) : dir.resolve(name.text());
        if (!Files.isReadable(file)) {
            if (directive.text().equals("import_file")) {
                return; // import_file tolerates a missing file, as in Kamailio
            }
            throw new ConfigException(name.position(), "include_file: cannot read '" + name.text() + "' (looked at "
                    + file + ")");
        }
        String text = read(file, name.position());
        new Lexer(pre, out).lexFile(text, file.toString(), file.toAbsolutePath().getParent(), depth + 1);
    }

    /**
     * Replaces a defined name by its value, as Kamailio re-reads a define's value: names defined in the value
     * expand too, except one already being expanded (so {@code #!define A A} ends). Every token keeps the
     * position of the use, so errors point at the line the name was written on.
     */
    private void expandDefine(String name, Position use, java.util.Set<String> expanding) throws ConfigException {
        expanding.add(name);
        Scanner s = new Scanner(pre.valueOf(name), use.file());
        while (true) {
            s.skipBlanksAndComments(null);
            if (s.atEnd()) {
                break;
            }
            Token t = s.next(use);
            if (t.type() == Type.WORD && pre.valueOf(t.text()) != null && !expanding.contains(t.text())) {
                expandDefine(t.text(), use, expanding);
            } else {
                out.add(new Token(t.type(), t.text(), use));
            }
        }
        expanding.remove(name);
    }

    /** Character-level reading of one file. */
    private static final class Scanner {
        private final String text;
        private final String name;
        private int i;
        private int line = 1;
        private int lineStart;

        Scanner(String text, String name) {
            this.text = text;
            this.name = name;
        }

        boolean atEnd() {
            return i >= text.length();
        }

        char peek() {
            return text.charAt(i);
        }

        char peekAt(int ahead) {
            return i + ahead < text.length() ? text.charAt(i + ahead) : '\0';
        }

        Position position() {
            return new Position(name, line, i - lineStart + 1);
        }

        boolean atLineStart() {
            for (int k = lineStart; k < i; k++) {
                if (!Character.isWhitespace(text.charAt(k))) {
                    return false;
                }
            }
            return true;
        }

        private void advance() {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
            i++;
        }

        String restOfLine() {
            int start = i;
            while (!atEnd() && peek() != '\n') {
                i++;
            }
            return text.substring(start, i);
        }

        /** Skips whitespace and comments; a {@code #!} at a line start is left for the caller. */
        void skipBlanksAndComments(Preprocessor pre) throws ConfigException {
            while (!atEnd()) {
                char c = peek();
                if (Character.isWhitespace(c)) {
                    advance();
                } else if (c == '#' && !(peekAt(1) == '!' && atLineStart() && pre != null)) {
                    restOfLine();
                } else if (c == '/' && peekAt(1) == '/') {
                    restOfLine();
                } else if (c == '/' && peekAt(1) == '*') {
                    Position at = position();
                    advance();
                    advance();
                    while (!atEnd() && !(peek() == '*' && peekAt(1) == '/')) {
                        advance();
                    }
                    if (atEnd()) {
                        throw new ConfigException(at, "comment opened with /* is never closed");
                    }
                    advance();
                    advance();
                } else {
                    return;
                }
            }
        }

        Token next(Position at) throws ConfigException {
            char c = peek();
            if (c == '"' || c == '\'') {
                return string(at, c);
            }
            if (c == '$') {
                return pseudoVariable(at);
            }
            if (Character.isLetterOrDigit(c) || c == '_') {
                int start = i;
                while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.')) {
                    i++;
                }
                String word = text.substring(start, i);
                return new Token(word.chars().allMatch(Character::isDigit) ? Type.NUMBER : Type.WORD, word, at);
            }
            for (String p : PUNCT2) {
                if (text.startsWith(p, i)) {
                    i += 2;
                    return new Token(Type.PUNCT, p, at);
                }
            }
            if ("{}()[];,=<>!+-*/%:|&".indexOf(c) >= 0) {
                i++;
                return new Token(Type.PUNCT, String.valueOf(c), at);
            }
            throw new ConfigException(at, "unexpected character '" + c + "'");
        }

        private Token string(Position at, char quote) throws ConfigException {
            StringBuilder raw = new StringBuilder();
            i++;
            while (true) {
                if (atEnd() || peek() == '\n') {
                    throw new ConfigException(at, "string is not closed: expected " + quote + " before end of line");
                }
                char c = peek();
                if (c == '\\' && i + 1 < text.length()) {
                    raw.append(c).append(text.charAt(i + 1));
                    i += 2;
                    continue;
                }
                i++;
                if (c == quote) {
                    return new Token(Type.STRING, raw.toString(), at);
                }
                raw.append(c);
            }
        }

        private Token pseudoVariable(Position at) throws ConfigException {
            int start = i;
            i++;
            if (!atEnd() && peek() == '(') {
                skipBalanced(at);
            } else {
                int nameStart = i;
                while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                    i++;
                }
                if (i == nameStart) {
                    throw new ConfigException(at, "expected a pseudo-variable name after '$'");
                }
                if (!atEnd() && peek() == '(') {
                    skipBalanced(at);
                }
            }
            return new Token(Type.PV, text.substring(start, i), at);
        }

        /** From an opening '(' past its matching ')', across nested () and {}. */
        private void skipBalanced(Position at) throws ConfigException {
            int depth = 0;
            do {
                if (atEnd() || peek() == '\n') {
                    throw new ConfigException(at, "pseudo-variable is not closed: expected ')'");
                }
                char c = peek();
                if (c == '(' || c == '{') {
                    depth++;
                } else if (c == ')' || c == '}') {
                    depth--;
                }
                i++;
            } while (depth > 0);
        }
    }
}
