package io.evapi.proxy.script;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.CallSite;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptHost;
import java.util.List;
import java.util.function.Consumer;

record CompiledCallSite(String functionName, List<Argument> arguments, RouteType routeType, String position,
        ScriptHost host, Consumer<String> warnings) implements CallSite {

    @Override
    public void warn(String message) {
        warnings.accept(message);
    }
}
