package io.evapi.proxy.config;

import io.evapi.proxy.config.Token.Type;
import java.util.ArrayList;
import java.util.List;

/** Expressions and route names, by precedence climbing; statements and blocks are in {@link Parser}. */
abstract class ExpressionParser extends TokenReader {
    /** Core words of Kamailio's expressions, taken as keywords when no '(' follows them. */
    static final java.util.Set<String> KEYWORDS = java.util.Set.of("uri", "from_uri", "to_uri", "method", "src_ip",
            "dst_ip", "src_port", "dst_port", "proto", "myself");

    /**
     * How deep blocks, parentheses and operators may nest in a config. A recursive-descent parser would otherwise
     * overflow its stack on a machine-made config; no written config comes near it.
     */
    static final int MAX_NESTING = 200;

    private int nesting;
    /** Set once the config nested too deep: the parse stops there instead of recovering. */
    boolean tooDeep;

    ExpressionParser(List<Token> tokens) {
        super(tokens);
    }

    /** One level deeper; a config nested past {@link #MAX_NESTING} is an error at the token that goes too deep. */
    void deeper(Token at) throws ConfigException {
        if (++nesting > MAX_NESTING) {
            tooDeep = true;
            throw new ConfigException(at.position(), "blocks or expressions nested deeper than " + MAX_NESTING
                    + " levels: expected a flatter config (split it into routes)");
        }
    }

    void shallower() {
        if (nesting > 0) {
            nesting--;
        }
    }

    /** A route name: a quoted string, or words and ':', '-', '.' written together (evapi:connection-new). */
    String routeName(String end) throws ConfigException {
        Token first = peek();
        if (first.type() == Type.STRING) {
            pos++;
            return first.text();
        }
        StringBuilder name = new StringBuilder();
        while (!peek().is(end) && peek().type() != Type.EOF) {
            Token t = peek();
            if (t.type() != Type.WORD && t.type() != Type.NUMBER && !t.is(":") && !t.is("-")) {
                throw error(t, "a route name");
            }
            name.append(next().text());
        }
        if (name.length() == 0) {
            throw error(peek(), "a route name");
        }
        return name.toString();
    }

    Ast.Expr expression() throws ConfigException {
        return binary(0);
    }

    private static final String[][] LEVELS = {
        {"||"}, {"&&"}, {"==", "!=", "<", ">", "<=", ">=", "=~", "!~"}, {"+", "-"}, {"*", "/", "%"}};

    Ast.Expr binary(int level) throws ConfigException {
        if (level == LEVELS.length) {
            return unary();
        }
        Ast.Expr left = binary(level + 1);
        int chained = 0; // a long chain (1 + 1 + ...) nests its tree as deep as it is long
        try {
            while (true) {
                Token op = peek();
                if (op.type() != Type.PUNCT || !contains(LEVELS[level], op.text())) {
                    return left;
                }
                deeper(op);
                chained++;
                pos++;
                left = new Ast.Binary(op.text(), left, binary(level + 1), op.position());
            }
        } finally {
            for (; chained > 0; chained--) {
                shallower();
            }
        }
    }

    static boolean contains(String[] ops, String op) {
        for (String o : ops) {
            if (o.equals(op)) {
                return true;
            }
        }
        return false;
    }

    Ast.Expr unary() throws ConfigException {
        Token t = peek();
        deeper(t);
        try {
            if (t.is("!")) {
                pos++;
                return new Ast.Unary("!", unary(), t.position());
            }
            if (t.is("-")) {
                pos++;
                Ast.Expr operand = unary();
                if (operand instanceof Ast.Literal l && l.value() instanceof Long n) {
                    return new Ast.Literal(-n, t.position());
                }
                return new Ast.Unary("-", operand, t.position());
            }
            if (t.isWord("defined") && peekAt(1).type() == Type.PV) {
                pos++;
                return new Ast.Unary("defined", unary(), t.position());
            }
            return primary();
        } finally {
            shallower();
        }
    }

    Ast.Expr primary() throws ConfigException {
        Token t = peek();
        switch (t.type()) {
            case NUMBER -> {
                pos++;
                return new Ast.Literal(number(t), t.position());
            }
            case STRING -> {
                List<Ast.Expr> pieces = new ArrayList<>();
                while (peek().type() == Type.STRING) {
                    Token s = next();
                    pieces.add(StringLiterals.parse(s.text(), s.position()));
                }
                return StringLiterals.concat(pieces, t.position());
            }
            case PV -> {
                pos++;
                Ast.Pv pv = PvSyntax.parse(t.text(), t.position());
                return pv.name().equals("null") && pv.inner() == null ? new Ast.Literal(null, t.position()) : pv;
            }
            case WORD -> {
                if (KEYWORDS.contains(t.text()) && !peekAt(1).is("(")) {
                    pos++;
                    return new Ast.Keyword(t.text(), t.position());
                }
                return call();
            }
            default -> {
                if (t.is("(")) {
                    pos++;
                    Ast.Expr e = expression();
                    expect(")", "')'");
                    return e;
                }
                throw error(t, "an expression");
            }
        }
    }

    Ast.Expr call() throws ConfigException {
        Token name = expect(Type.WORD, "a function name");
        if (name.text().equals("route") && peek().is("(")) {
            // if (route(X)) {...}: the route's return code is the condition, as in Kamailio
            pos++;
            Token first = peek();
            String route = routeName(")");
            expect(")", "')' after the route name");
            return new Ast.Call("route", List.of(new Ast.Literal(route, first.position())), name.position());
        }
        List<Ast.Expr> args = new ArrayList<>();
        if (peek().is("(")) {
            pos++;
            if (!peek().is(")")) {
                args.add(argument());
                while (peek().is(",")) {
                    pos++;
                    args.add(argument());
                }
            }
            expect(")", "')' or ',' in the arguments of " + name.text());
        }
        return new Ast.Call(name.text(), List.copyOf(args), name.position());
    }

    /**
     * One argument of a call; an empty one before a ',' (OpenSIPS's {@code raise_event("E", , $avp(vals))}) is
     * {@code $null}, an omitted optional argument.
     */
    private Ast.Expr argument() throws ConfigException {
        Token t = peek();
        if (t.is(",")) {
            return new Ast.Literal(null, t.position());
        }
        return expression();
    }

    // ---- tokens
}
