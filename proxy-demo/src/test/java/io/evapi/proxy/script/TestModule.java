package io.evapi.proxy.script;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ParamSpec;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.ScriptRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A module for tests of the host: one function per behaviour the SPI promises. */
public final class TestModule implements ProxyModule {
    static volatile ScriptHost lastHost;
    static volatile Map<String, Object> lastParameters;
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public String name() {
        return "testmod";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.string("mode", "a"), ParamSpec.integer("level", 1),
                new ParamSpec("item", ParamSpec.Type.STRING, null, true));
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of(FunctionSpec.anyRoute("t_echo", 1, 1), FunctionSpec.in("only_request", 0, 0, RouteType.REQUEST),
                FunctionSpec.anyRoute("t_fail", 0, 0), FunctionSpec.anyRoute("t_store", 2, 2),
                FunctionSpec.anyRoute("t_count", 0, 0), FunctionSpec.anyRoute("t_route_exists", 1, 1));
    }

    @Override
    public List<String> pseudoVariableClasses() {
        return List.of("tst");
    }

    @Override
    public List<String> eventRoutes() {
        return List.of("test:event");
    }

    @Override
    public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
        long level = (Long) context.parameters().get("level");
        if (level > 10) {
            throw new ModuleConfigException("level", "expected a level from 0 to 10, found " + level);
        }
        lastHost = context.host();
        lastParameters = context.parameters();
        return new ModuleInstance() {
            @Override
            public ScriptFunction function(String name) {
                return switch (name) {
                    case "t_echo" -> site -> {
                        Argument a = site.arguments().get(0);
                        return ctx -> (int) a.asLong(ctx);
                    };
                    case "only_request" -> site -> ctx -> 1;
                    case "t_fail" -> site -> ctx -> {
                        throw new ScriptRuntimeException("t_fail was called");
                    };
                    case "t_store" -> site -> {
                        PseudoVariable dst = site.arguments().get(1).target().orElseThrow(
                                () -> new ScriptConfigException("expected a pseudo-variable as second argument"));
                        Argument value = site.arguments().get(0);
                        return ctx -> {
                            dst.set(ctx, value.value(ctx));
                            return 1;
                        };
                    };
                    case "t_count" -> site -> ctx -> CALLS.incrementAndGet();
                    case "t_route_exists" -> site -> {
                        String route = String.valueOf(site.arguments().get(0).constant().orElseThrow());
                        if (site.host().route(ScriptHost.RouteKind.ROUTE, route).isEmpty()) {
                            throw new ScriptConfigException("route '" + route + "' is not defined");
                        }
                        return ctx -> 1;
                    };
                    default -> null;
                };
            }

            @Override
            public PseudoVariableResolver pseudoVariables(String pvClass) {
                return key -> {
                    if (!key.equals("mode")) {
                        throw new ScriptConfigException("unknown key '" + key + "' in $tst(...)");
                    }
                    return ctx -> context.parameters().get("mode");
                };
            }
        };
    }
}
