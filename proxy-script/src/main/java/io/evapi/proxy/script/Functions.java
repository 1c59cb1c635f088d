package io.evapi.proxy.script;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ScriptFunction;
import java.util.LinkedHashMap;
import java.util.Map;

/** The script functions of the loaded modules; one global name space, as in Kamailio. */
final class Functions {

    record Function(String module, FunctionSpec spec, ScriptFunction impl) {
    }

    private final Map<String, Function> byName = new LinkedHashMap<>();
    private final Map<String, String> inAvailableModules = new LinkedHashMap<>();
    private final java.util.Set<String> ofUnconfiguredModules = new java.util.HashSet<>();

    /** @return false when another loaded module exports the name already (the first one keeps it) */
    boolean add(String module, FunctionSpec spec, ScriptFunction impl) {
        return byName.putIfAbsent(spec.name(), new Function(module, spec, impl)) == null;
    }

    /** Remembers which not-loaded module would provide a name, for a helpful error. */
    void available(String module, String function) {
        inAvailableModules.putIfAbsent(function, module);
    }

    /** A function of a module that is loaded but could not be configured (its modparam was refused). */
    void unconfigured(String function) {
        ofUnconfiguredModules.add(function);
    }

    boolean ofUnconfiguredModule(String name) {
        return ofUnconfiguredModules.contains(name);
    }

    Function find(String name) {
        return byName.get(name);
    }

    String hint(String name) {
        String module = inAvailableModules.get(name);
        return module == null ? "" : " (it is in module " + module + ": add loadmodule \"" + module + ".so\")";
    }
}
