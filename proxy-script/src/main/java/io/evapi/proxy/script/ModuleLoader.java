package io.evapi.proxy.script;

import io.evapi.proxy.config.Ast;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.config.Position;
import io.evapi.proxy.plugin.ModuleCatalog;
import io.evapi.proxy.plugin.PluginException;
import io.evapi.proxy.spi.ModParams;
import io.evapi.proxy.spi.ParamSpec;
import io.evapi.proxy.spi.ProxyModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Activates the modules named by {@code loadmodule} (found in the {@link ModuleCatalog}) and collects their
 * {@code modparam} values, checked against the parameters each module's record declares.
 */
final class ModuleLoader {

    /** A module activated by the config, with its parameter values and where they were set. */
    static final class Loaded {
        final ProxyModule module;
        final List<ParamSpec> params;
        final Position loadedAt;
        final Map<String, Object> values = new LinkedHashMap<>();
        final Map<String, Position> setAt = new HashMap<>();

        Loaded(ProxyModule module, Position loadedAt) {
            this.module = module;
            this.params = ModParams.specs(module.parametersType());
            this.loadedAt = loadedAt;
        }

        /** Where a parameter was set, else the loadmodule line (also for an error of the module as a whole). */
        Position positionOf(String param) {
            return param == null ? loadedAt : setAt.getOrDefault(param, loadedAt);
        }
    }

    private final ModuleCatalog catalog;
    private final Map<String, Loaded> loaded = new LinkedHashMap<>();
    private final List<ConfigException.Error> errors;

    ModuleLoader(ModuleCatalog catalog, List<ConfigException.Error> errors) {
        this.catalog = catalog;
        this.errors = errors;
    }

    Iterable<ProxyModule> availableModules() {
        return catalog.modules();
    }

    void load(Ast.LoadModule lm) {
        try {
            ProxyModule m = catalog.find(lm.name());
            if (!loaded.containsKey(m.name())) {
                loaded.put(m.name(), new Loaded(m, lm.position()));
            }
        } catch (PluginException e) {
            errors.add(new ConfigException.Error(lm.position(), e.getMessage()));
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigException.Error(lm.position(), "module '" + lm.name()
                    + "' declares its parameters wrongly: " + e.getMessage()));
        }
    }

    /** Loads a built-in module that every config has, such as {@code core}, when it is present. */
    void loadBuiltIn(String name, Position at) {
        catalog.builtIn(name).ifPresent(m -> loaded.putIfAbsent(m.name(), new Loaded(m, at)));
    }

    void param(Ast.ModParam mp) {
        Loaded l = loaded.get(mp.module());
        if (l == null) {
            errors.add(new ConfigException.Error(mp.position(), "modparam for module '" + mp.module()
                    + "', which is not loaded: expected a loadmodule \"" + mp.module() + ".so\" line before it"));
            return;
        }
        ParamSpec spec = l.params.stream().filter(p -> p.name().equals(mp.param())).findFirst()
                .orElse(null);
        if (spec == null) {
            List<String> names = l.params.stream().map(ParamSpec::name).toList();
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

    /** Whether a module loaded so far matches. */
    boolean anyLoaded(java.util.function.Predicate<ProxyModule> test) {
        return loaded.values().stream().anyMatch(l -> test.test(l.module));
    }

    /** The loaded modules in load order, each with every declared parameter filled (value or default). */
    List<Loaded> loaded() {
        for (Loaded l : loaded.values()) {
            for (ParamSpec p : l.params) {
                if (!l.values.containsKey(p.name())) {
                    l.values.put(p.name(), p.repeatable() ? List.of() : p.defaultValue());
                }
            }
        }
        return List.copyOf(loaded.values());
    }
}
