package io.evapi.proxy.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The state of Kamailio's preprocessor across all included files: defined names and the stack of open
 * {@code #!ifdef} blocks. Defines can also come from the command line ({@code -A NAME}).
 */
public final class Preprocessor {
    private static final String NO_VALUE = "";

    private final Map<String, String> defines = new HashMap<>();
    private final Deque<Frame> conditions = new ArrayDeque<>();

    private record Frame(boolean active, boolean parentActive, boolean seenElse, Position opened) {
    }

    public void define(String name, String value) {
        defines.put(name, value == null ? NO_VALUE : value);
    }

    boolean active() {
        return conditions.isEmpty() || conditions.peek().active();
    }

    /** The replacement text of a define that has a value, else null. */
    String valueOf(String name) {
        String v = defines.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    void directive(String line, Position at) throws ConfigException {
        String body = line.trim().substring(2).trim();
        String[] parts = body.split("\\s+", 3);
        String name = parts[0].toLowerCase(java.util.Locale.ROOT);
        String arg = parts.length > 1 ? parts[1] : null;
        String value = parts.length > 2 ? stripTrailingComment(parts[2]) : null;
        switch (name) {
            case "ifdef", "ifndef" -> {
                boolean parent = active();
                boolean holds = need(arg, name, at) != null && defines.containsKey(arg) == name.equals("ifdef");
                conditions.push(new Frame(parent && holds, parent, false, at));
            }
            case "else" -> {
                Frame f = open("else", at);
                if (f.seenElse()) {
                    throw new ConfigException(at, "second #!else for the #!ifdef at " + f.opened());
                }
                conditions.pop();
                conditions.push(new Frame(f.parentActive() && !f.active(), f.parentActive(), true, f.opened()));
            }
            case "endif" -> {
                open("endif", at);
                conditions.pop();
            }
            default -> {
                if (!active()) {
                    return;
                }
                switch (name) {
                    case "kamailio", "ser", "maxcompat", "all", "openser" -> { }
                    case "define", "redefine" -> define(need(arg, name, at), value);
                    case "trydef" -> defines.putIfAbsent(need(arg, name, at), value == null ? NO_VALUE : value);
                    case "undef" -> defines.remove(need(arg, name, at));
                    case "subst", "substdef", "substdefs", "ifexp", "defenv", "defenvs", "trydefenv", "trydefenvs" ->
                            throw new ConfigException(at, "#!" + name + " is not supported by this proxy");
                    default -> throw new ConfigException(at, "unknown preprocessor directive #!" + parts[0]
                            + ": expected define, trydef, redefine, undef, ifdef, ifndef, else or endif");
                }
            }
        }
    }

    private static String stripTrailingComment(String value) {
        int slash = value.indexOf("//");
        return (slash >= 0 ? value.substring(0, slash) : value).trim();
    }

    private static String need(String arg, String directive, Position at) throws ConfigException {
        if (arg == null || arg.isEmpty()) {
            throw new ConfigException(at, "expected a name after #!" + directive);
        }
        return arg;
    }

    private Frame open(String directive, Position at) throws ConfigException {
        if (conditions.isEmpty()) {
            throw new ConfigException(at, "#!" + directive + " without an open #!ifdef or #!ifndef");
        }
        return conditions.peek();
    }

    void checkClosed(String file) throws ConfigException {
        if (!conditions.isEmpty()) {
            throw new ConfigException(conditions.peek().opened(), "#!ifdef/#!ifndef is never closed with #!endif");
        }
    }
}
