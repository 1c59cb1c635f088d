package io.evapi.proxy.modules.mihttp;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.InvalidParamException;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.Param;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.Dialect;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.mi.MiCommands;
import java.util.List;

/**
 * OpenSIPS's {@code mi_http} module ({@code loadmodule "mi_http.so"}, after {@code httpd.so}): the MI as
 * JSON-RPC 2.0 over HTTP POST at {@code http://IP:PORT/ROOT} (default {@code /mi}), what {@code opensips-cli}
 * and the {@code opensips} Python package talk to. Commands run on {@code workers} threads of their own.
 */
public final class MiHttpModule implements ProxyModule {

    /** {@code modparam("mi_http", ...)}: {@code root} as in OpenSIPS; {@code workers}, {@code queue_size} ours. */
    public record Params(
            @Param(defaultValue = "mi") String root,
            @Param(defaultValue = "2") int workers,
            @Param(defaultValue = "1024") int queueSize) {
        public Params {
            InvalidParamException.check(root.matches("/?[A-Za-z0-9._~-]+/?"), "root",
                    "expected one path segment such as mi, found '" + root + "'");
            InvalidParamException.check(workers >= 1 && workers <= 64, "workers", "expected 1 to 64, found " + workers);
            InvalidParamException.check(queueSize >= 1 && queueSize <= 1_000_000, "queue_size",
                    "expected 1 to 1000000, found " + queueSize);
        }
    }

    @Override
    public String name() {
        return "mi_http";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public Dialect dialect() {
        return Dialect.OPENSIPS;
    }

    @Override
    public Class<? extends Record> parametersType() {
        return Params.class;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of();
    }

    @Override
    public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
        Params p = context.parameters(Params.class);
        Httpd httpd = context.host().service(Httpd.class).orElseThrow(() -> new ModuleConfigException(
                "mi_http needs the httpd module: expected loadmodule \"httpd.so\" before loadmodule \"mi_http.so\""));
        MiCommands commands = context.host().service(MiCommands.class).orElseThrow(() -> new ModuleConfigException(
                "mi_http needs the MI core (module event_interface), which is not loaded"));
        MiHttpHandler handler = new MiHttpHandler(new JsonRpc(commands), p.workers(), p.queueSize());
        httpd.register(p.root(), handler);
        return new ModuleInstance() {
            @Override
            public ScriptFunction function(String name) {
                return null;
            }

            @Override
            public void stop() {
                handler.stop();
            }
        };
    }
}
