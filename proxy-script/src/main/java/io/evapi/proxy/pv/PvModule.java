package io.evapi.proxy.pv;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.ScriptConfigException;
import java.util.List;

/**
 * Kamailio's {@code pv} module, {@code loadmodule "pv.so"}: the pseudo-variables of the SIP message and the
 * script ({@code $var}, {@code $avp}, {@code $ru}, {@code $rU}, {@code $du}, {@code $fU}, {@code $hdr}, ...). As in
 * Kamailio a config that uses them without loading the module is refused, with a hint. The variables are the
 * host's own ({@link CorePseudoVariables}): they read the run's SIP message and keep {@code $avp} with the
 * transaction.
 */
public final class PvModule implements ProxyModule {

    @Override
    public String name() {
        return "pv";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of();
    }

    @Override
    public List<String> pseudoVariableClasses() {
        return CorePseudoVariables.NAMES;
    }

    @Override
    public ModuleInstance configure(ModuleContext context) {
        CorePseudoVariables variables = new CorePseudoVariables();
        return new ModuleInstance() {
            @Override
            public io.evapi.proxy.spi.ScriptFunction function(String name) {
                return null;
            }

            @Override
            public PseudoVariableResolver pseudoVariables(String pvClass) {
                return inner -> variables.resolve(pvClass, inner).orElseThrow(
                        () -> new ScriptConfigException("unknown pseudo-variable $" + pvClass));
            }
        };
    }
}
