package io.evapi.proxy.config;

import java.util.List;

/** The parsed config, before names are resolved. Every node keeps its position for error messages. */
public final class Ast {

    private Ast() {
    }

    /** The whole config in source order. */
    public record Config(List<Setting> settings, List<LoadModule> modules, List<ModParam> modParams,
            List<Route> routes) {
    }

    /** {@code name=value}; {@code value} is the text as written (quotes removed for a string). */
    public record Setting(String name, String value, boolean quoted, Position position) {
    }

    public record LoadModule(String name, Position position) {
    }

    /** {@code value} is a {@code Long} or a {@code String}. */
    public record ModParam(String module, String param, Object value, Position position) {
    }

    public enum RouteKind { REQUEST, ROUTE, FAILURE, ONREPLY, BRANCH, EVENT, STARTUP, TIMER }

    /**
     * A route block; the request route, {@code startup_route} and an unnamed onreply route have the name
     * {@code ""}. {@code intervalSeconds} is the period of an OpenSIPS {@code timer_route[name, seconds]}, else 0.
     */
    public record Route(RouteKind kind, String name, Block body, Position position, long intervalSeconds) {
        public Route(RouteKind kind, String name, Block body, Position position) {
            this(kind, name, body, position, 0);
        }
    }

    public sealed interface Statement permits Block, If, While, Switch, Return, Exit, Drop, Break, RouteCall,
            Assign, ExprStatement {
        Position position();
    }

    public record Block(List<Statement> statements, Position position) implements Statement {
    }

    /** {@code otherwise} is null without an else branch. */
    public record If(Expr condition, Statement then, Statement otherwise, Position position) implements Statement {
    }

    public record While(Expr condition, Statement body, Position position) implements Statement {
    }

    /** A case label is a {@code Long} or a {@code String}; {@code null} marks {@code default}. */
    public record Case(Object label, List<Statement> body, Position position) {
    }

    public record Switch(Expr subject, List<Case> cases, Position position) implements Statement {
    }

    /** {@code value} is null for a bare {@code return}. */
    public record Return(Expr value, Position position) implements Statement {
    }

    public record Exit(Position position) implements Statement {
    }

    public record Drop(Position position) implements Statement {
    }

    public record Break(Position position) implements Statement {
    }

    public record RouteCall(String name, Position position) implements Statement {
    }

    public record Assign(Pv target, Expr value, Position position) implements Statement {
    }

    public record ExprStatement(Expr expr, Position position) implements Statement {
    }

    public sealed interface Expr permits Literal, Pv, Template, Call, Unary, Binary, Keyword {
        Position position();
    }

    /** A {@code Long}, a {@code String} without pseudo-variables, or {@code null} for {@code $null}. */
    public record Literal(Object value, Position position) implements Expr {
    }

    /** A pseudo-variable: {@code $name}, {@code $name(inner)}, {@code $(name(inner){tr}...)}. */
    public record Pv(String name, String inner, List<String> transformations, String text, Position position)
            implements Expr {
    }

    /** A string holding pseudo-variables: literal text and {@link Pv} parts in order. */
    public record Template(List<Object> parts, Position position) implements Expr {
    }

    public record Call(String function, List<Expr> args, Position position) implements Expr {
    }

    public record Unary(String op, Expr operand, Position position) implements Expr {
    }

    public record Binary(String op, Expr left, Expr right, Position position) implements Expr {
    }

    /**
     * A core keyword of Kamailio's expressions: {@code uri}, {@code from_uri}, {@code to_uri}, {@code method},
     * {@code src_ip}, {@code dst_ip}, {@code src_port}, {@code dst_port}, {@code proto}, or {@code myself}.
     */
    public record Keyword(String name, Position position) implements Expr {
    }
}
