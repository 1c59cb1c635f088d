package io.evapi.proxy.modules.core;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.ProxyModule;
import java.util.List;

/**
 * Modules that Kamailio configs load and whose exports this proxy does not need ({@code corex}). Loading them is
 * accepted so those configs run unchanged. ({@code pv} is the host's own module, in proxy-script; {@code kex} is
 * in sip-modules.)
 */
public final class CompatModules {

    private CompatModules() {
    }

    /** Base of a module that exports nothing of its own. */
    abstract static class Empty implements ProxyModule {
        @Override
        public int spiVersion() {
            return ProxySpi.VERSION;
        }

        @Override
        public List<FunctionSpec> functions() {
            return List.of();
        }

        @Override
        public ModuleInstance configure(ModuleContext context) {
            return name -> null;
        }
    }

    public static final class Corex extends Empty {
        @Override
        public String name() {
            return "corex";
        }
    }
}
