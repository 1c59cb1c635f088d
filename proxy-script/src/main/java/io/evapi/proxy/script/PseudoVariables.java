package io.evapi.proxy.script;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves a pseudo-variable: the core's own ({@code $rc}/{@code $retcode}, {@code $null}), then the classes of
 * the loaded modules ({@code pv} exports {@code $var}, {@code $ru}, ...; {@code tmx} {@code $T}, ...). A
 * variable of a module that is not loaded is refused with the module to load, as Kamailio refuses it.
 */
final class PseudoVariables {
    private static final PseudoVariable RETURN_CODE = ctx -> ((Run) ctx).returnCode();

    private final Map<String, PseudoVariableResolver> classes = new HashMap<>();
    private final Map<String, String> inAvailableModules = new HashMap<>();
    /** Whether module pv is loaded: Kamailio's string and URI transformations are its own. */
    private boolean transformations;

    void transformationsLoaded(boolean loaded) {
        this.transformations = loaded;
    }

    boolean transformationsLoaded() {
        return transformations;
    }

    void addClass(String name, PseudoVariableResolver resolver) {
        classes.putIfAbsent(name, resolver);
    }

    /** Remembers which module, not loaded, would provide a class, for a helpful error. */
    void available(String module, String pvClass) {
        inAvailableModules.putIfAbsent(pvClass, module);
    }

    PseudoVariable resolve(String name, String inner) throws ScriptConfigException {
        if ((name.equals("rc") || name.equals("retcode")) && inner == null) {
            return RETURN_CODE;
        }
        if (name.equals("null") && inner == null) {
            return (ScriptContext ctx) -> null;
        }
        PseudoVariableResolver resolver = classes.get(name);
        if (resolver != null) {
            try {
                return resolver.resolve(inner);
            } catch (ScriptConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                // a resolver written before names without parentheses were passed on
                throw new ScriptConfigException(inner == null ? "expected $" + name + "(key)"
                        : "cannot resolve $" + name + "(" + inner + "): " + e);
            }
        }
        String written = "$" + name + (inner == null ? "" : "(" + inner + ")");
        String module = inAvailableModules.get(name);
        throw new ScriptConfigException("unknown pseudo-variable " + written + ": no loaded module exports it"
                + (module == null ? "" : " (it is in module " + module + ": add loadmodule \"" + module + ".so\")"));
    }
}
