package io.evapi.proxy.script;

import io.evapi.proxy.pv.CorePseudoVariables;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import java.util.HashMap;
import java.util.Map;

/** Resolves a pseudo-variable: {@code $rc}/{@code $retcode}, then the core ones, then the modules' classes. */
final class PseudoVariables {
    private static final PseudoVariable RETURN_CODE = ctx -> ((Run) ctx).returnCode();

    private final CorePseudoVariables core;
    private final Map<String, PseudoVariableResolver> classes = new HashMap<>();

    PseudoVariables(CorePseudoVariables core) {
        this.core = core;
    }

    void addClass(String name, PseudoVariableResolver resolver) {
        classes.putIfAbsent(name, resolver);
    }

    PseudoVariable resolve(String name, String inner) throws ScriptConfigException {
        if ((name.equals("rc") || name.equals("retcode")) && inner == null) {
            return RETURN_CODE;
        }
        if (name.equals("null") && inner == null) {
            return (ScriptContext ctx) -> null;
        }
        java.util.Optional<PseudoVariable> pv = core.resolve(name, inner);
        if (pv.isPresent()) {
            return pv.get();
        }
        PseudoVariableResolver resolver = classes.get(name);
        if (resolver != null) {
            if (inner == null) {
                throw new ScriptConfigException("expected $" + name + "(key)");
            }
            return resolver.resolve(inner);
        }
        throw new ScriptConfigException("unknown pseudo-variable $" + name + (inner == null ? "" : "(" + inner + ")"));
    }
}
