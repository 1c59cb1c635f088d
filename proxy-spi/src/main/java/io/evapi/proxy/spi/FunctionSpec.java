package io.evapi.proxy.spi;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Set;

/**
 * The signature of a script function: name, how many arguments, and the route types it may be called from.
 * The host rejects a call site that breaks these before {@link ScriptFunction#bind} is called.
 */
public record FunctionSpec(String name, int minArgs, int maxArgs, Set<RouteType> allowedIn) {

    public FunctionSpec {
        requireNonNull(name, "name");
        allowedIn = Set.copyOf(requireNonNull(allowedIn, "allowedIn"));
        if (minArgs < 0 || maxArgs < minArgs || maxArgs > 6) {
            throw new IllegalArgumentException("bad arity " + minArgs + ".." + maxArgs + " for " + name);
        }
        if (allowedIn.isEmpty()) {
            throw new IllegalArgumentException(name + " is allowed in no route type");
        }
    }

    public static FunctionSpec anyRoute(String name, int minArgs, int maxArgs) {
        return new FunctionSpec(name, minArgs, maxArgs, EnumSet.allOf(RouteType.class));
    }

    public static FunctionSpec in(String name, int minArgs, int maxArgs, RouteType first, RouteType... rest) {
        return new FunctionSpec(name, minArgs, maxArgs, EnumSet.of(first, rest));
    }
}
