package io.evapi.proxy.modules.json;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ScriptFunction;
import java.util.List;

/** Kamailio's {@code json} module: {@code json_get_field(json, field, dst)}. */
public final class JsonModule implements ProxyModule {

    @Override
    public String name() {
        return "json";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of(FunctionSpec.anyRoute("json_get_field", 3, 3));
    }

    @Override
    public ModuleInstance configure(ModuleContext context) {
        ScriptFunction getField = JsonGetCall::byField;
        return name -> {
            if (!name.equals("json_get_field")) {
                throw new IllegalArgumentException("json has no function " + name);
            }
            return getField;
        };
    }
}
