package io.evapi.proxy.script;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.config.Ast;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.config.Position;
import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.sip.LocalAddresses;
import io.evapi.proxy.spi.sip.SipMessage;
import io.evapi.proxy.transform.Transformation;
import io.evapi.proxy.transform.Transformations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles route bodies into node trees: resolves pseudo-variables, checks and binds every function call
 * site, folds operators on constants and constant regular expressions. Errors are collected so one check
 * reports them all.
 */
final class Compiler {
    private final RouteTable routes;
    private final Functions functions;
    private final PseudoVariables pvs;
    private final ScriptHost host;
    private final int maxWhileLoops;
    private final List<ConfigException.Error> errors;
    private final List<ConfigException.Error> warnings;
    private final LocalAddresses myself;
    private Set<RouteType> currentTypes = Set.of();

    Compiler(RouteTable routes, Functions functions, PseudoVariables pvs, ScriptHost host, int maxWhileLoops,
            List<ConfigException.Error> errors) {
        this(routes, functions, pvs, host, maxWhileLoops, errors, new ArrayList<>(),
                new Myself(io.evapi.proxy.config.CoreSettings.defaults()));
    }

    Compiler(RouteTable routes, Functions functions, PseudoVariables pvs, ScriptHost host, int maxWhileLoops,
            List<ConfigException.Error> errors, List<ConfigException.Error> warnings, LocalAddresses myself) {
        this.routes = requireNonNull(routes, "routes");
        this.functions = requireNonNull(functions, "functions");
        this.pvs = requireNonNull(pvs, "pvs");
        this.host = requireNonNull(host, "host");
        this.maxWhileLoops = maxWhileLoops;
        this.errors = requireNonNull(errors, "errors");
        this.warnings = requireNonNull(warnings, "warnings");
        this.myself = requireNonNull(myself, "myself");
    }

    /** Compiles one route body; {@code types} are the route types it can run as. */
    Node route(Ast.Block body, Set<RouteType> types) {
        this.currentTypes = types;
        return block(body);
    }

    private Statements.Block block(Ast.Block b) {
        List<Node> nodes = new ArrayList<>();
        for (Ast.Statement s : b.statements()) {
            Node n = statement(s);
            if (n != null) {
                nodes.add(n);
            }
        }
        return new Statements.Block(nodes.toArray(Node[]::new), b.position());
    }

    private Node statement(Ast.Statement s) {
        if (s instanceof Ast.Block b) {
            return block(b);
        } else if (s instanceof Ast.If i) {
            return new Statements.If(expr(i.condition()), statement(i.then()),
                    i.otherwise() == null ? null : statement(i.otherwise()), i.position());
        } else if (s instanceof Ast.While w) {
            return new Statements.While(expr(w.condition()), statement(w.body()), maxWhileLoops, w.position());
        } else if (s instanceof Ast.Switch sw) {
            return switchNode(sw);
        } else if (s instanceof Ast.Return r) {
            return new Statements.Return(r.value() == null ? null : expr(r.value()), r.position());
        } else if (s instanceof Ast.Exit) {
            return new Statements.Stop(Flow.EXIT, s.position());
        } else if (s instanceof Ast.Drop) {
            return new Statements.Stop(Flow.DROP, s.position());
        } else if (s instanceof Ast.Break) {
            return new Statements.Stop(Flow.BREAK, s.position());
        } else if (s instanceof Ast.RouteCall rc) {
            return routeCall(rc);
        } else if (s instanceof Ast.Assign a) {
            return assign(a);
        }
        return new Statements.Evaluate(expr(((Ast.ExprStatement) s).expr()), s.position());
    }

    private Node switchNode(Ast.Switch sw) {
        int n = sw.cases().size();
        Object[] labels = new Object[n];
        boolean[] isDefault = new boolean[n];
        Node[] bodies = new Node[n];
        for (int i = 0; i < n; i++) {
            Ast.Case c = sw.cases().get(i);
            labels[i] = c.label();
            isDefault[i] = c.label() == null;
            bodies[i] = block(new Ast.Block(c.body(), c.position()));
        }
        return new Statements.Switch(expr(sw.subject()), labels, isDefault, bodies, sw.position());
    }

    private Node routeCall(Ast.RouteCall rc) {
        RouteTable.Entry target = routes.find(Ast.RouteKind.ROUTE, rc.name());
        if (target == null) {
            error(rc.position(), "route(" + rc.name() + ") calls a route that is not defined: expected a route["
                    + rc.name() + "] block");
            return new Statements.Stop(Flow.NEXT, rc.position());
        }
        return new Statements.RouteCall(routes, target.index(), rc.position());
    }

    private Node assign(Ast.Assign a) {
        PseudoVariable target = pv(a.target());
        if (target != null && (!a.target().transformations().isEmpty() || !target.assignable())) {
            error(a.position(), a.target().text() + " cannot be assigned: expected $var(..), $avp(..), $ru, $du or"
                    + " another writable pseudo-variable");
        }
        return new Statements.Assign(target, expr(a.value()), a.position());
    }

    Eval expr(Ast.Expr e) {
        if (e instanceof Ast.Literal l) {
            return new Expressions.Const(l.value());
        } else if (e instanceof Ast.Pv p) {
            return pvRead(p);
        } else if (e instanceof Ast.Template t) {
            // a string literal in an expression is its text, as Kamailio reads it: "$rU" is the three characters
            return new Expressions.Const(literalText(t));
        } else if (e instanceof Ast.Call c) {
            return call(c);
        } else if (e instanceof Ast.Keyword k) {
            return keyword(k);
        } else if (e instanceof Ast.Unary u) {
            if (u.op().equals("defined")) {
                Eval operand = expr(u.operand());
                return v -> operand.eval(v) != null ? 1L : 0L;
            }
            Eval operand = expr(u.operand());
            return fold(u.op().equals("!") ? new Expressions.Not(operand) : new Expressions.Negate(operand), operand);
        }
        return binary((Ast.Binary) e);
    }

    /**
     * An operator on constants becomes its value, computed once here. One that fails (a division by zero)
     * stays as it is, so it fails at run time with its position, as any other run-time error.
     */
    private static Eval fold(Eval op, Eval... operands) {
        for (Eval o : operands) {
            if (!o.constant()) {
                return op;
            }
        }
        try {
            return new Expressions.Const(op.eval(null));
        } catch (RuntimeException e) {
            return op;
        }
    }

    private static final Set<String> URI_KEYWORDS = Set.of("uri", "from_uri", "to_uri");
    private static final Set<String> IP_KEYWORDS = Set.of("src_ip", "dst_ip");
    private static final Set<String> PROTOCOLS = Set.of("udp", "tcp", "tls", "sctp", "ws", "wss");

    /** A core keyword as a value: what it reads from the run's SIP message ({@code $null} without one). */
    private Eval keyword(Ast.Keyword k) {
        java.util.function.Function<SipMessage, Object> read = switch (k.name()) {
            case "uri" -> m -> m.isReply() ? null : m.requestUri();
            case "from_uri" -> m -> m.addressUri("From");
            case "to_uri" -> m -> m.addressUri("To");
            case "method" -> SipMessage::method;
            case "src_ip" -> SipMessage::sourceAddress;
            case "dst_ip" -> SipMessage::localAddress;
            case "src_port" -> m -> (long) m.sourcePort();
            case "dst_port" -> m -> (long) m.localPort();
            case "proto" -> SipMessage::transport;
            default -> null;
        };
        if (read == null) {
            error(k.position(), "myself can only be compared with == or != to uri, from_uri, to_uri, src_ip or"
                    + " dst_ip (for example: if (uri == myself) ...)");
            return new Expressions.Const(null);
        }
        return run -> {
            SipMessage m = run.get(SipMessage.KEY);
            return m == null ? null : read.apply(m);
        };
    }

    private Eval binary(Ast.Binary b) {
        boolean leftMe = b.left() instanceof Ast.Keyword k && k.name().equals("myself");
        boolean rightMe = b.right() instanceof Ast.Keyword k && k.name().equals("myself");
        if (leftMe || rightMe) {
            return myselfComparison(b, leftMe ? b.right() : b.left());
        }
        Ast.Expr right = b.right();
        if (b.left() instanceof Ast.Keyword k && k.name().equals("proto") && right instanceof Ast.Call c
                && c.args().isEmpty() && PROTOCOLS.contains(c.function().toLowerCase(java.util.Locale.ROOT))) {
            right = new Ast.Literal(c.function().toLowerCase(java.util.Locale.ROOT), c.position()); // proto == UDP
        }
        Eval l = expr(b.left());
        Eval r = expr(right);
        return fold(operator(b, l, r), l, r);
    }

    /** {@code uri == myself}, {@code src_ip != myself}, ...: Kamailio's check against listen addresses and aliases. */
    private Eval myselfComparison(Ast.Binary b, Ast.Expr other) {
        boolean negate = b.op().equals("!=");
        String kind = other instanceof Ast.Keyword k ? k.name() : null;
        if (!b.op().equals("==") && !negate) {
            error(b.position(), "myself is compared with == or !=, found " + b.op());
            return new Expressions.Const(0L);
        }
        if (kind == null || !(URI_KEYWORDS.contains(kind) || IP_KEYWORDS.contains(kind))) {
            String written = other instanceof Ast.Pv pv ? pv.text() : "this value";
            error(b.position(), "myself can only be compared with uri, from_uri, to_uri, src_ip or dst_ip, found "
                    + written + " (Kamailio refuses it too): write from_uri == myself or to_uri == myself, or"
                    + " is_myself(\"sip:...\") of module kex");
            return new Expressions.Const(0L);
        }
        Eval value = keyword((Ast.Keyword) other);
        boolean uri = URI_KEYWORDS.contains(kind);
        return run -> {
            Object v = value.eval(run);
            boolean mine = v != null && (uri ? myself.isLocalUri(v.toString()) : myself.isLocalAddress(v.toString()));
            return mine != negate ? 1L : 0L;
        };
    }

    private Eval operator(Ast.Binary b, Eval l, Eval r) {
        return switch (b.op()) {
            case "&&" -> new Expressions.Logic(true, l, r);
            case "||" -> new Expressions.Logic(false, l, r);
            case "==", "!=", "<", ">", "<=", ">=" -> new Expressions.Compare(b.op(), l, r);
            case "=~", "!~" -> new Expressions.Match(b.op().equals("!~"), l, constantRegex(r, b.position()), r);
            case "+" -> new Expressions.Add(l, r);
            default -> new Expressions.Arithmetic(b.op().charAt(0), l, r);
        };
    }

    private Pattern constantRegex(Eval r, Position at) {
        if (!r.constant()) {
            return null;
        }
        String regex = ScriptValues.text(r.eval(null));
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            error(at, "bad regular expression '" + regex + "': " + e.getDescription());
            return null;
        }
    }

    /** The text of a string literal as written (escapes resolved), pseudo-variables left unformatted. */
    private static String literalText(Ast.Template t) {
        StringBuilder sb = new StringBuilder();
        for (Object p : t.parts()) {
            sb.append(p instanceof Ast.Pv pv ? pv.text() : (String) p);
        }
        return sb.toString();
    }

    /**
     * A function argument: a string literal is a format string (its pseudo-variables formatted at run time), as
     * Kamailio's format-string parameters take it; anything else is an expression.
     */
    private CompiledArgument argument(Ast.Expr a) {
        if (a instanceof Ast.Template t) {
            Expressions.Template formatted = (Expressions.Template) template(t);
            Object first = formatted.parts()[0];
            Eval varOrText = first instanceof Eval pv ? pv : new Expressions.Const(literalText(t));
            return new CompiledArgument(formatted, targetOf(a), varOrText);
        }
        Eval e = expr(a);
        return new CompiledArgument(e, targetOf(a), e);
    }

    private Eval template(Ast.Template t) {
        Object[] parts = new Object[t.parts().size()];
        for (int i = 0; i < parts.length; i++) {
            Object p = t.parts().get(i);
            parts[i] = p instanceof Ast.Pv pv ? pvRead(pv) : p;
        }
        return new Expressions.Template(parts);
    }

    private Eval pvRead(Ast.Pv p) {
        PseudoVariable pv = pv(p);
        if (!p.transformations().isEmpty() && !pvs.transformationsLoaded()) {
            error(p.position(), "unknown transformation {" + p.transformations().get(0) + "} in " + p.text()
                    + ": the transformations are in module pv: add loadmodule \"pv.so\"");
        }
        Transformation[] trs = new Transformation[p.transformations().size()];
        for (int i = 0; i < trs.length; i++) {
            try {
                trs[i] = Transformations.compile(p.transformations().get(i));
            } catch (ScriptConfigException e) {
                error(p.position(), e.getMessage());
                trs[i] = v -> v;
            }
        }
        return new Expressions.PvRead(pv == null ? ctx -> null : pv, trs);
    }

    private PseudoVariable pv(Ast.Pv p) {
        try {
            return pvs.resolve(p.name(), p.inner());
        } catch (ScriptConfigException e) {
            error(p.position(), e.getMessage());
            return null;
        }
    }

    private Eval call(Ast.Call c) {
        if (c.function().equals("route") && c.args().size() == 1 && c.args().get(0) instanceof Ast.Literal l
                && l.value() instanceof String name) {
            Node node = routeCall(new Ast.RouteCall(name, c.position()));
            return node instanceof Statements.RouteCall rc ? new Expressions.RouteCall(rc) : new Expressions.Const(1L);
        }
        Functions.Function f = functions.find(c.function());
        if (f == null && (c.function().equals("strempty") || c.function().equals("strlen"))) {
            return stringTest(c);
        }
        if (f == null) {
            if (!functions.ofUnconfiguredModule(c.function())) { // that module's own error says enough
                error(c.position(), "unknown function " + c.function() + "(): no loaded module exports it"
                        + functions.hint(c.function()));
            }
            return new Expressions.Const(1L);
        }
        FunctionSpec spec = f.spec();
        int n = c.args().size();
        if (n < spec.minArgs() || n > spec.maxArgs()) {
            String arity = spec.minArgs() == spec.maxArgs() ? String.valueOf(spec.minArgs())
                    : spec.minArgs() + " to " + spec.maxArgs();
            error(c.position(), c.function() + "() takes " + arity + " argument(s), found " + n);
            return new Expressions.Const(1L);
        }
        for (RouteType t : currentTypes) {
            if (!spec.allowedIn().contains(t)) {
                error(c.position(), c.function() + "() cannot be used in a " + t.name().toLowerCase() + " route:"
                        + " allowed in " + spec.allowedIn());
                return new Expressions.Const(1L);
            }
        }
        List<Argument> args = new ArrayList<>(n);
        for (Ast.Expr a : c.args()) {
            args.add(argument(a));
        }
        RouteType type = currentTypes.isEmpty() ? RouteType.REQUEST : currentTypes.iterator().next();
        try {
            return new Expressions.Call(c.function(), f.impl().bind(new CompiledCallSite(c.function(),
                    List.copyOf(args), type, c.position().toString(), host,
                    message -> warnings.add(new ConfigException.Error(c.position(), c.function() + ": " + message)))));
        } catch (ScriptConfigException e) {
            String m = e.getMessage();
            // modules often name themselves already; say the name once
            error(c.position(), m != null && m.startsWith(c.function() + ":") ? m : c.function() + ": " + m);
        } catch (RuntimeException e) {
            error(c.position(), c.function() + ": " + e);
        }
        return new Expressions.Const(1L);
    }

    /**
     * The core's {@code strempty(x)} (true when x is empty or {@code $null}) and {@code strlen(x)} (its length,
     * 0 for {@code $null}); their argument is an expression, so a string literal there is its text.
     */
    private Eval stringTest(Ast.Call c) {
        if (c.args().size() != 1) {
            error(c.position(), c.function() + "() takes 1 argument, found " + c.args().size());
            return new Expressions.Const(0L);
        }
        Eval arg = expr(c.args().get(0));
        return c.function().equals("strempty")
                ? run -> {
                    Object v = arg.eval(run);
                    return v == null || v.toString().isEmpty() ? 1L : 0L;
                }
                : run -> {
                    Object v = arg.eval(run);
                    return v == null ? 0L : (long) v.toString().length();
                };
    }

    /** An argument naming one pseudo-variable ({@code "$var(x)"} or {@code $var(x)}) can be written to. */
    private PseudoVariable targetOf(Ast.Expr a) {
        Ast.Pv pv = a instanceof Ast.Pv p ? p
                : a instanceof Ast.Template t && t.parts().size() == 1 && t.parts().get(0) instanceof Ast.Pv p ? p
                : null;
        if (pv == null || !pv.transformations().isEmpty()) {
            return null;
        }
        try {
            return pvs.resolve(pv.name(), pv.inner());
        } catch (ScriptConfigException e) {
            // reported where the argument itself is compiled; a stand-in spares the module a second error
            return new PseudoVariable() {
                @Override
                public Object get(io.evapi.proxy.spi.ScriptContext context) {
                    return null;
                }

                @Override
                public boolean assignable() {
                    return true;
                }
            };
        }
    }

    private void error(Position at, String message) {
        errors.add(new ConfigException.Error(at, message));
    }
}
