package io.evapi.proxy.modules.json;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ScriptFunction;
import java.util.List;

/** Kamailio's {@code jansson} module: {@code jansson_get(path, json, dst)} and {@code jansson_get_field}. */
public final class JanssonModule implements ProxyModule {

    @Override
    public String name() {
        return "jansson";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of(FunctionSpec.anyRoute("jansson_get", 3, 3), FunctionSpec.anyRoute("jansson_get_field", 3, 3));
    }

    @Override
    public ModuleInstance configure(ModuleContext context) {
        ScriptFunction get = JsonGetCall::byPath;
        ScriptFunction getField = JsonGetCall::byField;
        return name -> switch (name) {
            case "jansson_get" -> get;
            case "jansson_get_field" -> getField;
            default -> throw new IllegalArgumentException("jansson has no function " + name);
        };
    }
}
