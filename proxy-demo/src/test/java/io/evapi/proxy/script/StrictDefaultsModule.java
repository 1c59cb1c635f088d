package io.evapi.proxy.script;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ParamSpec;
import io.evapi.proxy.spi.ProxyModule;
import java.util.List;

/** A test module whose default parameter value is refused, so the error lands on the loadmodule line. */
public final class StrictDefaultsModule implements ProxyModule {

    @Override
    public String name() {
        return "strictmod";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.integer("port", 0));
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of();
    }

    @Override
    public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
        long port = (Long) context.parameters().get("port");
        if (port < 1 || port > 65535) {
            throw new ModuleConfigException("port", "expected a port from 1 to 65535, found " + port);
        }
        return name -> null;
    }
}
