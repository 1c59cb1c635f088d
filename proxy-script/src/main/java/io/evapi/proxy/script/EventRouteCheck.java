package io.evapi.proxy.script;

import io.evapi.proxy.config.Ast;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.spi.ProxyModule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warns about an {@code event_route[NAME]} that nothing raises, so it would never run: a typo
 * ({@code evapi:message-recieved}), a module not loaded, or an event this proxy does not have. A module says
 * which event routes it raises ({@link ProxyModule#raisesEventRoute}, by name or by pattern); the core raises
 * those in {@link #CORE_RAISED}. A warning, never an error: Kamailio accepts such a route too.
 */
final class EventRouteCheck {

    /**
     * The {@code core:*} event routes this proxy's core raises. Kamailio's core raises {@code core:worker-one-init},
     * {@code core:msg-received}, {@code core:pre-routing} and {@code core:receive-parse-error}; a host that raises
     * one adds it here.
     */
    static final Set<String> CORE_RAISED = Set.of(StartupRoutes.WORKER_ONE_INIT);

    private static final Set<String> KAMAILIO_CORE = Set.of("core:worker-one-init", "core:msg-received",
            "core:pre-routing", "core:receive-parse-error");

    private EventRouteCheck() {
    }

    static List<ConfigException.Error> warnings(List<Ast.Route> routes, List<ModuleLoader.Loaded> loaded,
            Iterable<ProxyModule> available) {
        List<ConfigException.Error> warnings = new ArrayList<>();
        for (Ast.Route r : routes) {
            if (r.kind() != Ast.RouteKind.EVENT || CORE_RAISED.contains(r.name())) {
                continue;
            }
            if (loaded.stream().anyMatch(l -> raises(l.module, r.name()))) {
                continue;
            }
            warnings.add(new ConfigException.Error(r.position(), "event_route[" + r.name()
                    + "] is raised by no loaded module, so it never runs" + hint(r.name(), loaded, available)));
        }
        return warnings;
    }

    private static boolean raises(ProxyModule m, String name) {
        try {
            return m.raisesEventRoute(name);
        } catch (RuntimeException | AbstractMethodError e) {
            return m.eventRoutes().contains(name);
        }
    }

    private static String hint(String name, List<ModuleLoader.Loaded> loaded, Iterable<ProxyModule> available) {
        if (KAMAILIO_CORE.contains(name)) {
            return ": Kamailio's core raises it, this proxy's core does not";
        }
        for (ProxyModule m : available) {
            if (loaded.stream().noneMatch(l -> l.module.name().equals(m.name())) && raises(m, name)) {
                return " (module " + m.name() + " raises it: add loadmodule \"" + m.name() + ".so\")";
            }
        }
        Set<String> known = new LinkedHashSet<>();
        loaded.forEach(l -> known.addAll(l.module.eventRoutes()));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, best.length() / 6)) {
            return ": did you mean event_route[" + best + "]?";
        }
        return known.isEmpty() ? "" : " (the loaded modules raise " + String.join(", ", known) + ")";
    }

    /** Levenshtein distance, for "did you mean". */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
