package io.evapi.proxy.script;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.InvalidParamException;
import io.evapi.proxy.spi.Param;
import io.evapi.proxy.spi.ProxySpi;
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

    /** A string, an integer with a check, and a repeatable parameter. */
    record Params(@Param(defaultValue = "a") String mode, @Param(defaultValue = "1") long level, List<String> item) {
        Params {
            InvalidParamException.check(level <= 10, "level", "expected a level from 0 to 10, found " + level);
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
        context.parameters(Params.class);
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
