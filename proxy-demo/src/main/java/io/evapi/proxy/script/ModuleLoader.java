package io.evapi.proxy.script;

import io.evapi.proxy.config.Ast;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.config.Position;
import io.evapi.proxy.spi.ParamSpec;
import io.evapi.proxy.spi.ProxyModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Finds modules with {@link ServiceLoader}, activates those named by {@code loadmodule} and collects their
 * {@code modparam} values, checked against the declared parameters.
 */
final class ModuleLoader {

    /** A module activated by the config, with its parameter values and where they were set. */
    static final class Loaded {
        final ProxyModule module;
        final Position loadedAt;
        final Map<String, Object> values = new LinkedHashMap<>();
        final Map<String, Position> setAt = new HashMap<>();

        Loaded(ProxyModule module, Position loadedAt) {
            this.module = module;
            this.loadedAt = loadedAt;
        }

        Position positionOf(String param) {
            return setAt.getOrDefault(param, loadedAt);
        }
    }

    private final Map<String, ProxyModule> available = new LinkedHashMap<>();
    private final Map<String, Loaded> loaded = new LinkedHashMap<>();
    private final List<ConfigException.Error> errors;

    ModuleLoader(ClassLoader classLoader, List<ConfigException.Error> errors) {
        this.errors = errors;
        for (ProxyModule m : ServiceLoader.load(ProxyModule.class, classLoader)) {
            available.putIfAbsent(m.name(), m);
            for (String alias : m.aliases()) {
                available.putIfAbsent(alias, m);
            }
        }
    }

    Iterable<ProxyModule> availableModules() {
        return new java.util.LinkedHashSet<>(available.values());
    }

    void load(Ast.LoadModule lm) {
        String name = lm.name();
        int slash = name.lastIndexOf('/');
        String file = slash >= 0 ? name.substring(slash + 1) : name;
        ProxyModule m = available.get(file);
        if (m == null) {
            m = available.get(file.endsWith(".so") ? file.substring(0, file.length() - 3) : file);
        }
        if (m == null) {
            TreeSet<String> names = new TreeSet<>();
            available.values().forEach(a -> names.add(a.name()));
            errors.add(new ConfigException.Error(lm.position(), "module '" + lm.name()
                    + "' is not available: expected one of " + String.join(", ", names)));
            return;
        }
        loaded.putIfAbsent(m.name(), new Loaded(m, lm.position()));
    }

    /** Loads a built-in module that every config has, such as {@code core}, when it is present. */
    void loadBuiltIn(String name, Position at) {
        ProxyModule m = available.get(name);
        if (m != null) {
            loaded.putIfAbsent(m.name(), new Loaded(m, at));
        }
    }

    void param(Ast.ModParam mp) {
        Loaded l = loaded.get(mp.module());
        if (l == null) {
            errors.add(new ConfigException.Error(mp.position(), "modparam for module '" + mp.module()
                    + "', which is not loaded: expected a loadmodule \"" + mp.module() + ".so\" line before it"));
            return;
        }
        ParamSpec spec = l.module.parameters().stream().filter(p -> p.name().equals(mp.param())).findFirst()
                .orElse(null);
        if (spec == null) {
            List<String> names = l.module.parameters().stream().map(ParamSpec::name).toList();
            errors.add(new ConfigException.Error(mp.position(), "module " + mp.module() + " has no parameter '"
                    + mp.param() + "': expected one of " + (names.isEmpty() ? "(none)" : String.join(", ", names))));
            return;
        }
        boolean isInt = mp.value() instanceof Long;
        if ((spec.type() == ParamSpec.Type.INT) != isInt) {
            errors.add(new ConfigException.Error(mp.position(), "modparam " + mp.module() + "." + mp.param()
                    + ": expected " + (spec.type() == ParamSpec.Type.INT ? "an integer" : "a quoted string")
                    + ", found " + (isInt ? "integer " + mp.value() : "string \"" + mp.value() + "\"")));
            return;
        }
        l.setAt.put(spec.name(), mp.position());
        if (spec.repeatable()) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l.values.computeIfAbsent(spec.name(), k -> new ArrayList<>());
            list.add(mp.value());
        } else {
            l.values.put(spec.name(), mp.value());
        }
    }

    /** The loaded modules in load order, each with every declared parameter filled (value or default). */
    List<Loaded> loaded() {
        for (Loaded l : loaded.values()) {
            for (ParamSpec p : l.module.parameters()) {
                if (!l.values.containsKey(p.name())) {
                    l.values.put(p.name(), p.repeatable() ? List.of() : p.defaultValue());
                }
            }
        }
        return List.copyOf(loaded.values());
    }
}
