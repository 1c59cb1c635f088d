package io.evapi.proxy.modules.sip;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.CallSite;
import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.sip.TransactionControl;
import io.evapi.proxy.spi.sip.TransactionId;
import java.util.List;

/**
 * Kamailio's {@code tmx}: {@code t_suspend()}, {@code t_continue(tindex, tlabel, rtname)} and {@code $T(...)}, on
 * the host's {@link TransactionControl}. On a host without one (a config checked with {@code -c}, or run
 * without SIP) they return -1 and {@code $T} is {@code $null}.
 */
public final class TmxModule implements ProxyModule {

    @Override
    public String name() {
        return "tmx";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of(FunctionSpec.in("t_suspend", 0, 0, RouteType.REQUEST, RouteType.FAILURE),
                FunctionSpec.anyRoute("t_continue", 3, 3));
    }

    @Override
    public List<String> pseudoVariableClasses() {
        return List.of("T");
    }

    @Override
    public ModuleInstance configure(ModuleContext context) {
        return new Instance(context.host());
    }

    private static final class Instance implements ModuleInstance {
        private final ScriptHost host;

        Instance(ScriptHost host) {
            this.host = host;
        }

        /** Looked up per call: the host offers it before any route runs, but may add it after configure. */
        private TransactionControl transactions() {
            return host.service(TransactionControl.class).orElse(null);
        }

        @Override
        public ScriptFunction function(String name) {
            return switch (name) {
                case "t_suspend" -> site -> ctx -> {
                    TransactionControl tc = transactions();
                    return tc == null ? -1 : tc.suspend(ctx).code();
                };
                case "t_continue" -> this::bindContinue;
                default -> null;
            };
        }

        private ScriptFunction.BoundCall bindContinue(CallSite site) throws ScriptConfigException {
            Argument index = site.arguments().get(0);
            Argument label = site.arguments().get(1);
            Argument routeName = site.arguments().get(2);
            Object constant = routeName.constant().orElse(null);
            if (constant != null && host.route(ScriptHost.RouteKind.ROUTE, constant.toString()).isEmpty()) {
                throw new ScriptConfigException("no route[" + constant + "] is defined");
            }
            return ctx -> {
                TransactionControl tc = transactions();
                return tc == null ? -1 : tc.resume(index.asLong(ctx), label.asLong(ctx), routeName.asString(ctx));
            };
        }

        @Override
        public PseudoVariableResolver pseudoVariables(String pvClass) {
            return key -> switch (key) {
                case "id_index" -> ids(true);
                case "id_label" -> ids(false);
                default -> throw new ScriptConfigException("unknown key '" + key
                        + "' in $T(...): expected id_index or id_label");
            };
        }

        private PseudoVariable ids(boolean index) {
            return ctx -> {
                TransactionControl tc = transactions();
                TransactionId id = tc == null ? null : tc.transactionId(ctx);
                return id == null ? null : (Object) (long) (index ? id.index() : id.label());
            };
        }
    }
}
