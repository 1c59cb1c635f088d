package io.evapi.proxy.config;

import io.evapi.proxy.config.Ast.RouteKind;
import io.evapi.proxy.config.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser of Kamailio's config language into {@link Ast}: top level, routes and statements. */
public final class Parser extends ExpressionParser {
    private static final Set<String> ROUTE_WORDS = Set.of("request_route", "route", "failure_route",
            "onreply_route", "reply_route", "branch_route", "event_route", "startup_route", "timer_route");

    /** Syntax errors reported before giving up; later ones are mostly echoes of the first. */
    private static final int MAX_ERRORS = 20;

    private final List<ConfigException.Error> errors = new ArrayList<>();

    private Parser(List<Token> tokens) {
        super(tokens);
    }

    public static Ast.Config parse(List<Token> tokens) throws ConfigException {
        Parser p = new Parser(tokens);
        Ast.Config config;
        try {
            config = p.config();
        } catch (ConfigException e) {
            p.errors.addAll(e.errors());
            throw new ConfigException(p.errors);
        }
        if (!p.errors.isEmpty()) {
            throw new ConfigException(p.errors);
        }
        return config;
    }

    private Ast.Config config() throws ConfigException {
        List<Ast.Setting> settings = new ArrayList<>();
        List<Ast.LoadModule> modules = new ArrayList<>();
        List<Ast.ModParam> params = new ArrayList<>();
        List<Ast.Route> routes = new ArrayList<>();
        while (peek().type() != Type.EOF) {
            Token t = peek();
            if (t.is(";")) {
                pos++;
            } else if (t.isWord("loadmodule")) {
                pos++;
                Token name = expect(Type.STRING, "a quoted module name after loadmodule");
                modules.add(new Ast.LoadModule(name.text(), name.position()));
                optional(";");
            } else if (t.isWord("modparam")) {
                params.add(modParam());
            } else if (t.type() == Type.WORD && ROUTE_WORDS.contains(t.text())) {
                routes.add(route());
            } else if (t.type() == Type.WORD && peekAt(1).is("=")) {
                settings.add(setting());
            } else {
                throw error(t, "a global setting (name=value), loadmodule, modparam or a route block");
            }
        }
        return new Ast.Config(settings, modules, params, routes);
    }

    private Ast.Setting setting() throws ConfigException {
        Token name = next();
        pos++; // '='
        Token first = peek();
        if (first.type() == Type.EOF || first.position().line() != name.position().line()) {
            throw error(first, "a value for " + name.text());
        }
        if (first.type() == Type.STRING) {
            pos++;
            optional(";");
            return new Ast.Setting(name.text(), unescape(first.text()), true, name.position());
        }
        StringBuilder value = new StringBuilder();
        Token prev = null;
        while (peek().type() != Type.EOF && peek().position().line() == name.position().line() && !peek().is(";")) {
            Token t = next();
            if (prev != null && t.position().column() > prev.position().column() + prev.text().length()) {
                value.append(' ');
            }
            value.append(t.type() == Type.STRING ? unescape(t.text()) : t.text());
            prev = t;
        }
        optional(";");
        return new Ast.Setting(name.text(), value.toString(), false, name.position());
    }

    private Ast.ModParam modParam() throws ConfigException {
        Token start = next();
        expect("(", "'(' after modparam");
        Token module = expect(Type.STRING, "the module name as a quoted string");
        expect(",", "',' after the module name");
        Token param = expect(Type.STRING, "the parameter name as a quoted string");
        expect(",", "',' after the parameter name");
        Object value;
        Token v = peek();
        if (v.is("-") && peekAt(1).type() == Type.NUMBER) {
            pos += 2;
            value = -number(peekAt(-1));
        } else if (v.type() == Type.NUMBER) {
            pos++;
            value = number(v);
        } else if (v.type() == Type.STRING) {
            StringBuilder s = new StringBuilder();
            while (peek().type() == Type.STRING) {
                s.append(unescape(next().text()));
            }
            value = s.toString();
        } else {
            throw error(v, "a quoted string or an integer as the parameter value");
        }
        expect(")", "')' to close modparam");
        optional(";");
        return new Ast.ModParam(module.text(), param.text(), value, start.position());
    }

    private Ast.Route route() throws ConfigException {
        if (peek().isWord("startup_route") || peek().isWord("timer_route")) {
            return openSipsRoute();
        }
        Token word = next();
        RouteKind kind = switch (word.text()) {
            case "request_route" -> RouteKind.REQUEST;
            case "failure_route" -> RouteKind.FAILURE;
            case "onreply_route", "reply_route" -> RouteKind.ONREPLY;
            case "branch_route" -> RouteKind.BRANCH;
            case "event_route" -> RouteKind.EVENT;
            default -> RouteKind.ROUTE;
        };
        String name = "";
        if (peek().is("[")) {
            pos++;
            name = routeName("]");
            expect("]", "']' after the route name");
        } else if (kind == RouteKind.ROUTE) {
            kind = RouteKind.REQUEST; // a bare route { } is the request route, as in old Kamailio configs
        } else if (kind != RouteKind.REQUEST && kind != RouteKind.ONREPLY) {
            throw error(peek(), "'[' and a name after " + word.text());
        }
        if (kind == RouteKind.ONREPLY && word.text().equals("reply_route")) {
            name = "";
        }
        return new Ast.Route(kind, name, block(), word.position());
    }

    /** OpenSIPS's {@code startup_route { }} and {@code timer_route[name, seconds] { }}. */
    private Ast.Route openSipsRoute() throws ConfigException {
        Token word = next();
        if (word.text().equals("startup_route")) {
            return new Ast.Route(RouteKind.STARTUP, "", block(), word.position());
        }
        expect("[", "'[' and a name after timer_route");
        String name = routeName(",");
        expect(",", "',' and the interval in seconds after the timer_route name");
        Token seconds = expect(Type.NUMBER, "the interval of timer_route[" + name + ", seconds] in seconds");
        long interval = number(seconds);
        if (interval < 1) {
            throw error(seconds, "an interval of at least 1 second in timer_route[" + name + ", seconds]");
        }
        expect("]", "']' after the timer_route interval");
        return new Ast.Route(RouteKind.TIMER, name, block(), word.position(), interval);
    }

    private Ast.Block block() throws ConfigException {
        Token open = expect("{", "'{' to open a block");
        List<Ast.Statement> body = new ArrayList<>();
        while (!peek().is("}")) {
            if (peek().type() == Type.EOF) {
                throw error(peek(), "'}' to close the block opened at " + open.position());
            }
            try {
                Ast.Statement s = statement();
                if (s != null) {
                    body.add(s);
                }
            } catch (ConfigException e) {
                if (tooDeep) {
                    throw e;
                }
                errors.addAll(e.errors());
                if (errors.size() >= MAX_ERRORS) {
                    throw new ConfigException(List.of());
                }
                skipStatement();
            }
        }
        pos++;
        return new Ast.Block(List.copyOf(body), open.position());
    }

    /**
     * After a syntax error, moves past the rest of the broken statement: to just after its ';', or after the
     * block it opened, or up to the '}' closing the enclosing block, so the following statements are checked.
     */
    private void skipStatement() {
        int depth = 0;
        while (peek().type() != Type.EOF) {
            Token t = peek();
            if (t.is("}")) {
                if (depth == 0) {
                    return;
                }
                pos++;
                if (--depth == 0) {
                    return;
                }
                continue;
            }
            pos++;
            if (t.is("{")) {
                depth++;
            } else if (t.is(";") && depth == 0) {
                return;
            }
        }
    }

    private Ast.Statement statement() throws ConfigException {
        Token t = peek();
        deeper(t);
        try {
            return statementAt(t);
        } finally {
            shallower();
        }
    }

    private Ast.Statement statementAt(Token t) throws ConfigException {
        if (t.is(";")) {
            pos++;
            return null;
        }
        if (t.is("{")) {
            return block();
        }
        if (t.type() == Type.PV) {
            return assignment();
        }
        if (t.type() != Type.WORD) {
            throw error(t, "a statement");
        }
        switch (t.text()) {
            case "if" -> {
                pos++;
                Ast.Expr cond = condition("if");
                Ast.Statement then = body();
                Ast.Statement otherwise = null;
                if (peek().isWord("else")) {
                    pos++;
                    otherwise = body();
                }
                return new Ast.If(cond, then, otherwise, t.position());
            }
            case "while" -> {
                pos++;
                Ast.Expr cond = condition("while");
                return new Ast.While(cond, body(), t.position());
            }
            case "switch" -> {
                return switchStatement();
            }
            case "return" -> {
                pos++;
                Ast.Expr value = peek().is(";") || peek().is("}") ? null : expression();
                endOfStatement("return");
                return new Ast.Return(value, t.position());
            }
            case "exit" -> {
                pos++;
                endOfStatement("exit");
                return new Ast.Exit(t.position());
            }
            case "drop" -> {
                pos++;
                endOfStatement("drop");
                return new Ast.Drop(t.position());
            }
            case "break" -> {
                pos++;
                endOfStatement("break");
                return new Ast.Break(t.position());
            }
            case "route" -> {
                pos++;
                expect("(", "'(' after route");
                String name = routeName(")");
                expect(")", "')' after the route name");
                endOfStatement("route(...)");
                return new Ast.RouteCall(name, t.position());
            }
            default -> {
                Ast.Expr call = call();
                endOfStatement("function call");
                return new Ast.ExprStatement(call, t.position());
            }
        }
    }

    /** The body of if/else/while: a block or a single statement. */
    private Ast.Statement body() throws ConfigException {
        Ast.Statement s = statement();
        return s != null ? s : new Ast.Block(List.of(), peekAt(-1).position());
    }

    private Ast.Statement switchStatement() throws ConfigException {
        Token start = next();
        Ast.Expr subject = condition("switch");
        expect("{", "'{' after switch(...)");
        List<Ast.Case> cases = new ArrayList<>();
        while (!peek().is("}")) {
            Token label = next();
            Object value;
            if (label.isWord("case")) {
                Token v = next();
                if (v.is("-") && peek().type() == Type.NUMBER) {
                    value = -number(next());
                } else if (v.type() == Type.NUMBER) {
                    value = number(v);
                } else if (v.type() == Type.STRING) {
                    value = unescape(v.text());
                } else {
                    throw error(v, "an integer or a quoted string after case");
                }
            } else if (label.isWord("default")) {
                value = null;
            } else {
                throw error(label, "case, default or '}' in switch");
            }
            expect(":", "':' after the case label");
            List<Ast.Statement> body = new ArrayList<>();
            while (!peek().isWord("case") && !peek().isWord("default") && !peek().is("}")) {
                if (peek().type() == Type.EOF) {
                    throw error(peek(), "'}' to close the switch at " + start.position());
                }
                Ast.Statement s = statement();
                if (s != null) {
                    body.add(s);
                }
            }
            cases.add(new Ast.Case(value, List.copyOf(body), label.position()));
        }
        pos++;
        return new Ast.Switch(subject, List.copyOf(cases), start.position());
    }

    private Ast.Statement assignment() throws ConfigException {
        Token pv = next();
        Ast.Pv target = PvSyntax.parse(pv.text(), pv.position());
        if (!peek().is("=")) {
            throw error(peek(), "'=' to assign to " + pv.text());
        }
        pos++;
        Ast.Expr value = expression();
        endOfStatement("assignment");
        return new Ast.Assign(target, value, pv.position());
    }

    /**
     * The condition of if and while, or the subject of switch: an expression, in parentheses or not, as Kamailio
     * takes it ({@code if $var(a) == "x" {}} and {@code if ($var(a) == "x") {}} alike).
     */
    private Ast.Expr condition(String what) throws ConfigException {
        Token t = peek();
        if (t.is("{") || t.is(";") || t.type() == Type.EOF) {
            throw error(t, "a condition after " + what);
        }
        if (t.is("(")) {
            // keep the message of a missing ')' about the condition
            int start = pos;
            pos++;
            Ast.Expr inner = expression();
            if (!peek().is(")")) {
                throw error(peek(), "')' to close the " + what + " condition");
            }
            pos = start;
        }
        return expression();
    }

    private void endOfStatement(String what) throws ConfigException {
        if (peek().is(";")) {
            pos++;
        } else if (!peek().is("}")) {
            throw error(peek(), "';' after " + what);
        }
    }
}
