package io.evapi.proxy.spi.mi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One MI command, OpenSIPS's {@code mi_export_t}: a name, its recipes (the parameter lists it accepts) and its
 * handler. A call with positional parameters takes the recipe with as many names, in that order; a call with
 * named parameters takes the recipe with exactly those names.
 *
 * @param recipes each a list of parameter names; {@code List.of(List.of())} for a command without parameters
 */
public record MiCommand(String name, List<List<String>> recipes, MiHandler handler) {

    public MiCommand {
        requireNonNull(name, "name");
        requireNonNull(handler, "handler");
        recipes = recipes.stream().map(List::copyOf).toList();
        if (name.isBlank() || recipes.isEmpty()) {
            throw new IllegalArgumentException("an MI command needs a name and at least one recipe: " + name);
        }
    }

    /** A command without parameters. */
    public static MiCommand noParams(String name, MiHandler handler) {
        return new MiCommand(name, List.of(List.of()), handler);
    }

    /** The same command under another name (OpenSIPS 4.x {@code evi:subscribe} for {@code event_subscribe}). */
    public MiCommand alias(String alias) {
        return new MiCommand(alias, recipes, handler);
    }
}
