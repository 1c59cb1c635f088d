package io.evapi.proxy.modules.evapi;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ParamSpec;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.pv.EvapiPseudoVariables;
import java.util.List;

/** Kamailio's evapi module for this proxy: {@code loadmodule "evapi.so"}. */
public final class EvapiModule implements ProxyModule {

    @Override
    public String name() {
        return "evapi";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.integer("workers", 1), ParamSpec.string("bind_addr", "127.0.0.1:8448"),
                ParamSpec.integer("netstring_format", 1), ParamSpec.integer("max_clients", 8),
                ParamSpec.string("event_callback", ""),
                ParamSpec.integer("wait_idle", EvapiParams.DEFAULT_WAIT_IDLE),
                ParamSpec.integer("wait_increase", EvapiParams.DEFAULT_WAIT_INCREASE),
                ParamSpec.integer("send_task_timeout", 0), ParamSpec.integer("send_data_timeout", 0),
                ParamSpec.integer("context_mlimit", 0), ParamSpec.integer("max_frame_size", 1024 * 1024),
                ParamSpec.integer("max_pending_bytes", 4 * 1024 * 1024), ParamSpec.string("slow_client_policy", "drop"));
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
        EvapiParams params = EvapiParams.from(context.parameters());
        EvapiEventHandler callback = Callbacks.load(params.eventCallback());
        Injector injector = Guice.createInjector(new Wiring(params, context.host(), callback));
        EvapiDispatcher dispatcher = injector.getInstance(EvapiDispatcher.class);
        EvapiFunctions functions = injector.getInstance(EvapiFunctions.class);
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

    /** Binds each component of the module once. */
    private static final class Wiring extends AbstractModule {
        private final EvapiParams params;
        private final ScriptHost host;
        private final EvapiEventHandler callback;

        Wiring(EvapiParams params, ScriptHost host, EvapiEventHandler callback) {
            this.params = params;
            this.host = host;
            this.callback = callback;
        }

        @Provides
        @Singleton
        EvapiDispatcher dispatcher() {
            return new EvapiDispatcher(params, host, callback);
        }

        @Provides
        @Singleton
        EvapiFunctions functions(EvapiDispatcher dispatcher) {
            return new EvapiFunctions(dispatcher);
        }
    }
}
