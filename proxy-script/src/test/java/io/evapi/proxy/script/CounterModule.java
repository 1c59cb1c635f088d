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
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.ScriptFunction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The worked example of docs/writing-a-module.md, kept here so the page stays true. */
public final class CounterModule implements ProxyModule {
    /** modparam("counter", "start", N): where every count starts. */
    public record Params(@Param(defaultValue = "0") long start) {
        public Params {
            InvalidParamException.check(start >= 0, "start", "expected 0 or more, found " + start);
        }
    }

    @Override public String name() { return "counter"; }

    @Override public int spiVersion() { return ProxySpi.VERSION; }

    @Override public Class<? extends Record> parametersType() { return Params.class; }

    @Override public List<FunctionSpec> functions() {
        return List.of(FunctionSpec.anyRoute("counter_add", 2, 2));
    }

    @Override public List<String> pseudoVariableClasses() { return List.of("counter"); }

    @Override public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
        long start = context.parameters(Params.class).start();
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        return new ModuleInstance() {
            @Override public ScriptFunction function(String name) {
                return site -> {                                   // once per call site, at load
                    Argument key = site.arguments().get(0);
                    Argument step = site.arguments().get(1);
                    return ctx -> {                                // per request, any thread
                        counts.computeIfAbsent(key.asString(ctx), k -> new LongAdder()).add(step.asLong(ctx));
                        return 1;
                    };
                };
            }

            @Override public PseudoVariableResolver pseudoVariables(String pvClass) {
                return key -> ctx -> {                             // $counter(key): the key is fixed text
                    LongAdder a = counts.get(key);
                    return start + (a == null ? 0 : a.sum());
                };
            }
        };
    }
}
