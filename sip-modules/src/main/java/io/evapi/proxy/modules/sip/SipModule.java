package io.evapi.proxy.modules.sip;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.ScriptFunction.BoundCall;
import io.evapi.proxy.spi.sip.RequestRouting;
import io.evapi.proxy.spi.sip.SipMessage;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/** Base of the small modules that expose the SIP engine to scripts (sl, tm, rr, maxfwd, ...). */
abstract class SipModule implements ProxyModule {
    /** Request, failure, reply and branch routes: where SIP functions make sense. */
    static final Set<RouteType> SIP_ROUTES = EnumSet.of(RouteType.REQUEST, RouteType.FAILURE, RouteType.ONREPLY,
            RouteType.BRANCH);

    /** One exported function: its signature and implementation. */
    record Export(FunctionSpec spec, ScriptFunction impl) {
        static Export of(String name, int min, int max, Set<RouteType> routes, ScriptFunction impl) {
            return new Export(new FunctionSpec(name, min, max, routes), impl);
        }
    }

    abstract List<Export> exports();

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public List<FunctionSpec> functions() {
        return exports().stream().map(Export::spec).toList();
    }

    /** Checks the parameters (the record refuses bad values), then binds the exports. */
    @Override
    public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
        context.parameters(parametersType());
        Map<String, ScriptFunction> impls = new LinkedHashMap<>();
        exports().forEach(e -> impls.put(e.spec().name(), e.impl()));
        return impls::get;
    }

    /** A call on the request of the run: -1 when the run has none (an event route). */
    static BoundCall onRequest(ToIntFunction<RequestRouting> f) {
        return ctx -> {
            RequestRouting rc = ctx.get(RequestRouting.KEY);
            return rc == null ? -1 : f.applyAsInt(rc);
        };
    }

    /** A call on the message of the run: -1 when the run has none (an event route). */
    static BoundCall onMessage(ToIntFunction<SipMessage> f) {
        return ctx -> {
            SipMessage m = ctx.get(SipMessage.KEY);
            return m == null ? -1 : f.applyAsInt(m);
        };
    }

    static int result(boolean ok) {
        return ok ? 1 : -1;
    }
}
