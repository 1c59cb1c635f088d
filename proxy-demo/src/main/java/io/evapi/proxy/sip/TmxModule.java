package io.evapi.proxy.sip;

import io.evapi.proxy.pv.AvpStore;
import io.evapi.proxy.pv.SipMessage;
import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ParamSpec;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.sip.engine.RequestContext;
import io.evapi.sip.engine.SipEngine;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kamailio's {@code tmx}: {@code t_suspend()}, {@code t_continue(tindex, tlabel, rtname)} and {@code $T(...)}. */
public final class TmxModule implements ProxyModule {
    private static final Logger LOG = LoggerFactory.getLogger(TmxModule.class);

    @Override
    public String name() {
        return "tmx";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of();
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

    private static final class Instance implements ModuleInstance, EngineAware {
        private final ScriptHost host;
        private volatile SipEngine engine;

        Instance(ScriptHost host) {
            this.host = host;
        }

        @Override
        public void attach(SipEngine running) {
            this.engine = running;
        }

        @Override
        public ScriptFunction function(String name) {
            return switch (name) {
                case "t_suspend" -> site -> ctx -> {
                    RequestContext rc = ctx.get(SipKeys.REQUEST);
                    return rc == null ? -1 : ScriptSuspension.suspend(ctx, rc);
                };
                case "t_continue" -> this::bindContinue;
                default -> null;
            };
        }

        private ScriptFunction.BoundCall bindContinue(io.evapi.proxy.spi.CallSite site) throws ScriptConfigException {
            Argument index = site.arguments().get(0);
            Argument label = site.arguments().get(1);
            Argument routeName = site.arguments().get(2);
            Object constant = routeName.constant().orElse(null);
            if (constant != null && host.route(ScriptHost.RouteKind.ROUTE, constant.toString()).isEmpty()) {
                throw new ScriptConfigException("no route[" + constant + "] is defined");
            }
            return ctx -> {
                SipEngine e = engine;
                Optional<ScriptHost.Route> route = host.route(ScriptHost.RouteKind.ROUTE, routeName.asString(ctx));
                if (e == null || route.isEmpty()) {
                    return -1;
                }
                long i = index.asLong(ctx);
                long l = label.asLong(ctx);
                if (i < 0 || l < 0 || i > Integer.MAX_VALUE || l > Integer.MAX_VALUE) {
                    return -1;
                }
                return e.resume((int) i, (int) l, rc -> runResumed(route.get(), rc));
            };
        }

        private void runResumed(ScriptHost.Route route, RequestContext rc) {
            int result = host.run(route, RouteType.FAILURE, run -> {
                run.put(SipMessage.KEY, new EngineSipMessage(rc, null));
                run.put(SipKeys.REQUEST, rc);
                if (rc.transaction() != null && rc.transaction().attachment() instanceof AvpStore avps) {
                    run.put(AvpStore.KEY, avps);
                }
            });
            if (result == ScriptHost.FAILED) {
                LOG.debug("route[{}] failed on a resumed transaction", route.name());
            }
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

        private static PseudoVariable ids(boolean index) {
            return ctx -> {
                RequestContext rc = ctx.get(SipKeys.REQUEST);
                int v = rc == null ? -1 : index ? rc.transactionIndex() : rc.transactionLabel();
                return v < 0 ? null : (Object) (long) v;
            };
        }
    }
}
