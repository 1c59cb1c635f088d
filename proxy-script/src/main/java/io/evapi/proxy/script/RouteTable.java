package io.evapi.proxy.script;

import io.evapi.proxy.config.Ast;
import io.evapi.proxy.config.Position;
import io.evapi.proxy.spi.ScriptHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every route block of the config, numbered before any body is compiled so that calls can point at routes
 * defined later in the file.
 */
final class RouteTable {

    /** A route as modules see it through {@link ScriptHost}. */
    record Entry(ScriptHost.RouteKind kind, String name, Position position, int index) implements ScriptHost.Route {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Entry> byKey = new HashMap<>();
    private final Map<Integer, Long> intervals = new HashMap<>();
    private Node[] bodies;

    /** @return null when a route of that kind and name exists already */
    Entry add(Ast.RouteKind kind, String name, Position position) {
        Entry e = new Entry(ScriptHost.RouteKind.valueOf(kind.name()), name, position, entries.size());
        if (byKey.putIfAbsent(key(e.kind(), name), e) != null) {
            return null;
        }
        entries.add(e);
        return e;
    }

    Entry find(ScriptHost.RouteKind kind, String name) {
        return byKey.get(key(kind, kind == ScriptHost.RouteKind.REQUEST || kind == ScriptHost.RouteKind.STARTUP ? ""
                : name));
    }

    Entry find(Ast.RouteKind kind, String name) {
        return find(ScriptHost.RouteKind.valueOf(kind.name()), name);
    }

    Entry existing(Entry e) {
        return byKey.get(key(e.kind(), e.name()));
    }

    List<Entry> entries() {
        return entries;
    }

    /** The blocks of one kind, in config order. */
    List<ScriptHost.Route> ofKind(ScriptHost.RouteKind kind) {
        return entries.stream().filter(e -> e.kind() == kind).map(e -> (ScriptHost.Route) e).toList();
    }

    /** Sets the period of a {@code timer_route}. */
    void interval(Entry e, long seconds) {
        intervals.put(e.index(), seconds);
    }

    /** The period of a {@code timer_route} in seconds; 0 for other blocks. */
    long interval(ScriptHost.Route route) {
        return route instanceof Entry e ? intervals.getOrDefault(e.index(), 0L) : 0;
    }

    void bodies(Node[] compiled) {
        this.bodies = compiled;
    }

    Node body(int index) {
        return bodies[index];
    }

    private static String key(ScriptHost.RouteKind kind, String name) {
        return kind + "\u0000" + name;
    }
}
