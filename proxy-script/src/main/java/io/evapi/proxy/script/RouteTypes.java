package io.evapi.proxy.script;

import io.evapi.proxy.config.Ast;
import io.evapi.proxy.spi.RouteType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The route types each block can run as: a top-level block has its own; a {@code route[X]} has the types of
 * every block that calls it, directly or through other routes. A route nobody calls (one run by
 * {@code t_continue}) is not restricted here.
 */
final class RouteTypes {

    private RouteTypes() {
    }

    static Map<Ast.Route, Set<RouteType>> of(List<Ast.Route> routes) {
        Map<String, Ast.Route> named = new HashMap<>();
        for (Ast.Route r : routes) {
            if (r.kind() == Ast.RouteKind.ROUTE) {
                named.putIfAbsent(r.name(), r);
            }
        }
        Map<Ast.Route, Set<RouteType>> types = new HashMap<>();
        for (Ast.Route r : routes) {
            types.put(r, EnumSet.noneOf(RouteType.class));
        }
        for (Ast.Route r : routes) {
            RouteType own = own(r.kind());
            if (own == null) {
                continue;
            }
            Deque<Ast.Route> work = new ArrayDeque<>();
            Set<Ast.Route> seen = new HashSet<>();
            work.push(r);
            while (!work.isEmpty()) {
                Ast.Route current = work.pop();
                if (!seen.add(current)) {
                    continue;
                }
                types.get(current).add(own);
                for (String callee : calls(current.body())) {
                    Ast.Route target = named.get(callee);
                    if (target != null) {
                        work.push(target);
                    }
                }
            }
        }
        return types;
    }

    private static RouteType own(Ast.RouteKind kind) {
        return switch (kind) {
            case REQUEST -> RouteType.REQUEST;
            case FAILURE -> RouteType.FAILURE;
            case ONREPLY -> RouteType.ONREPLY;
            case BRANCH -> RouteType.BRANCH;
            case EVENT -> RouteType.EVENT;
            case STARTUP -> RouteType.STARTUP;
            case TIMER -> RouteType.TIMER;
            case ROUTE -> null;
        };
    }

    private static Set<String> calls(Ast.Statement s) {
        Set<String> out = new HashSet<>();
        collect(s, out);
        return out;
    }

    private static void collect(Ast.Statement s, Set<String> out) {
        if (s instanceof Ast.RouteCall rc) {
            out.add(rc.name());
        } else if (s instanceof Ast.Block b) {
            b.statements().forEach(x -> collect(x, out));
        } else if (s instanceof Ast.If i) {
            collect(i.condition(), out);
            collect(i.then(), out);
            if (i.otherwise() != null) {
                collect(i.otherwise(), out);
            }
        } else if (s instanceof Ast.While w) {
            collect(w.condition(), out);
            collect(w.body(), out);
        } else if (s instanceof Ast.Switch sw) {
            collect(sw.subject(), out);
            sw.cases().forEach(c -> c.body().forEach(x -> collect(x, out)));
        } else if (s instanceof Ast.Assign a) {
            collect(a.value(), out);
        } else if (s instanceof Ast.ExprStatement e) {
            collect(e.expr(), out);
        } else if (s instanceof Ast.Return r && r.value() != null) {
            collect(r.value(), out);
        }
    }

    /** {@code route(X)} used as a value, e.g. {@code if (route(AUTH))}. */
    private static void collect(Ast.Expr e, Set<String> out) {
        if (e instanceof Ast.Call c) {
            if (c.function().equals("route") && c.args().size() == 1 && c.args().get(0) instanceof Ast.Literal l
                    && l.value() instanceof String name) {
                out.add(name);
            }
            c.args().forEach(a -> collect(a, out));
        } else if (e instanceof Ast.Unary u) {
            collect(u.operand(), out);
        } else if (e instanceof Ast.Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        }
    }
}
