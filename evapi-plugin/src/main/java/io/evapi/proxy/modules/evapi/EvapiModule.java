package io.evapi.proxy.modules.evapi;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.sip.TransactionControl;
import io.evapi.pv.EvapiPseudoVariables;
import java.util.List;

/**
 * Kamailio's evapi module for this proxy, {@code loadmodule "evapi.so"}: its exports (parameters, functions,
 * {@code $evapi(...)}, event routes). The event server and the routes it raises live in {@link EvapiDispatcher},
 * the script functions in {@link EvapiFunctions}.
 */
public final class EvapiModule implements ProxyModule {

    @Override
    public String name() {
        return "evapi";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public Class<? extends Record> parametersType() {
        return EvapiParams.class;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of(FunctionSpec.anyRoute("evapi_relay", 1, 1), FunctionSpec.anyRoute("evapi_multicast", 2, 2),
                FunctionSpec.anyRoute("evapi_unicast", 2, 2), FunctionSpec.anyRoute("evapi_close", 0, 0),
                FunctionSpec.anyRoute("evapi_set_tag", 1, 1),
                FunctionSpec.in("evapi_async_relay", 1, 1, RouteType.REQUEST),
                FunctionSpec.in("evapi_async_multicast", 2, 2, RouteType.REQUEST),
                FunctionSpec.in("evapi_async_unicast", 2, 2, RouteType.REQUEST));
    }

    @Override
    public List<String> pseudoVariableClasses() {
        return List.of(EvapiPseudoVariables.CLASS_NAME);
    }

    @Override
    public List<String> eventRoutes() {
        return List.of(EvapiDispatcher.CONNECTION_NEW, EvapiDispatcher.CONNECTION_CLOSED,
                EvapiDispatcher.MESSAGE_RECEIVED);
    }

    @Override
    public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
        EvapiParams params = context.parameters(EvapiParams.class);
        AnsweringClients answering = params.asyncFailOnClose() == 1
                ? context.host().service(TransactionControl.class).map(AnsweringClients::new).orElse(null) : null;
        EvapiDispatcher dispatcher = new EvapiDispatcher(params, context.host(),
                Callbacks.load(params.eventCallback()), answering);
        EvapiEvents.attach(context.host(), dispatcher);
        EvapiFunctions functions = new EvapiFunctions(dispatcher, context.host(), answering);
        PseudoVariableResolver pvs = new EvapiPseudoVariables();
        return new ModuleInstance() {
            @Override
            public ScriptFunction function(String name) {
                return functions.function(name);
            }

            @Override
            public PseudoVariableResolver pseudoVariables(String pvClass) {
                return pvs;
            }

            @Override
            public void start() throws Exception {
                dispatcher.start();
            }

            @Override
            public void stop() {
                dispatcher.stop();
            }
        };
    }
}
