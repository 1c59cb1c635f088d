package io.evapi.proxy.script;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.CallSite;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptHost;
import java.util.List;

record CompiledCallSite(String functionName, List<Argument> arguments, RouteType routeType, String position,
        ScriptHost host) implements CallSite {
}
