package io.evapi.proxy.script;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.InvalidParamException;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.Param;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ProxySpi;
import java.util.List;

/** A test module whose default parameter value is refused, so the error lands on the loadmodule line. */
public final class StrictDefaultsModule implements ProxyModule {

    @Override
    public String name() {
        return "strictmod";
    }

    /** The port has a default that is refused on purpose. */
    record Params(@Param(defaultValue = "0") long port) {
        Params {
            InvalidParamException.check(port >= 1 && port <= 65535, "port",
                    "expected a port from 1 to 65535, found " + port);
        }
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
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
        context.parameters(Params.class);
        return name -> null;
    }
}
