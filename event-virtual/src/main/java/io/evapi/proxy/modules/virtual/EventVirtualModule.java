package io.evapi.proxy.modules.virtual;

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
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.mi.MiCommand;
import io.evapi.proxy.spi.mi.MiCommands;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenSIPS's {@code event_virtual} module ({@code loadmodule "event_virtual.so"}): the {@code virtual:} transport, a
 * subscriber made of other transports' sockets under a PARALLEL, FAILOVER or ROUND-ROBIN policy, and the MI command
 * {@code event_virtual:stats} (ours) with each virtual subscriber's and each sub-socket's counters.
 */
public final class EventVirtualModule implements ProxyModule {

    /**
     * {@code modparam("event_virtual", ...)}.
     *
     * @param failoverTimeout seconds a FAILOVER sub-socket that failed is skipped
     * @param queueSize       ours: events one virtual subscriber may have waiting for their sub-sockets' status
     */
    public record Params(@Param(defaultValue = "30") int failoverTimeout,
            @Param(defaultValue = "10000") int queueSize) {
        public Params {
            InvalidParamException.check(failoverTimeout >= 0 && failoverTimeout <= 86_400, "failover_timeout",
                    "expected 0 to 86400 seconds, found " + failoverTimeout);
            InvalidParamException.check(queueSize >= 1 && queueSize <= 10_000_000, "queue_size",
                    "expected 1 to 10000000, found " + queueSize);
        }
    }

    @Override
    public String name() {
        return "event_virtual";
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
        Params params = context.parameters(Params.class);
        EventInterface evi = context.host().service(EventInterface.class).orElseThrow(() -> new ModuleConfigException(
                "event_virtual needs the event interface (module event_interface), which is not loaded"));
        VirtualTransport transport = new VirtualTransport(evi, params.failoverTimeout(), params.queueSize());
        evi.registerTransport(transport);
        context.host().service(MiCommands.class).ifPresent(mi -> mi.register(MiCommand.noParams(
                "event_virtual:stats", p -> stats(transport, params.failoverTimeout()))));
        return name -> (ScriptFunction) null;
    }

    static Map<String, Object> stats(VirtualTransport transport, int failoverTimeout) {
        long now = System.nanoTime();
        List<Object> out = new ArrayList<>();
        transport.live.stream().filter(v -> !v.released).sorted(Comparator.comparing(v -> v.printed)).forEach(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("socket", "virtual:" + v.printed);
            m.put("raised", v.raised.sum());
            m.put("delivered", v.delivered.sum());
            m.put("failed", v.failed.sum());
            m.put("dropped", v.dropped.sum());
            m.put("in_flight", (long) v.inFlight.get());
            m.put("last_error", v.lastError);
            List<Object> subs = new ArrayList<>();
            for (SubSocket s : v.subs) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("socket", s.text);
                sm.put("tries", s.tries.sum());
                sm.put("failures", s.failures.sum());
                sm.put("skipped", s.skipped.sum());
                long failed = s.lastFailedNanos;
                long left = failed == 0 ? 0
                        : Math.max(0, failoverTimeout - TimeUnit.NANOSECONDS.toSeconds(now - failed));
                sm.put("resting_s", left);
                subs.add(sm);
            }
            m.put("Sockets", subs);
            out.add(m);
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Subscribers", out);
        return result;
    }
}
