package io.evapi.proxy.modules.datagram;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.InvalidParamException;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.Param;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.Dialect;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.mi.MiCommand;
import io.evapi.proxy.spi.mi.MiCommands;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenSIPS's {@code event_datagram} module ({@code loadmodule "event_datagram.so"}): the {@code udp:} and
 * {@code unix:} transports of the Events Interface, and the MI command {@code event_datagram:stats} (ours)
 * with each subscriber's counters.
 */
public final class EventDatagramModule implements ProxyModule {

    /**
     * {@code modparam("event_datagram", ...)}; OpenSIPS's module has none.
     *
     * @param queueSize datagrams waiting for the sender thread, all subscribers together
     */
    public record Params(@Param(defaultValue = "65536") int queueSize) {
        public Params {
            InvalidParamException.check(queueSize >= 16 && queueSize <= 10_000_000, "queue_size",
                    "expected 16 to 10000000, found " + queueSize);
        }
    }

    @Override
    public String name() {
        return "event_datagram";
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
                "event_datagram needs the event interface (module event_interface), which is not loaded"));
        DatagramSender sender = new DatagramSender(params.queueSize());
        Set<Target> live = DatagramTransport.liveSet();
        evi.registerTransport(new DatagramTransport("udp", UdpTarget::parse, sender, live));
        evi.registerTransport(new DatagramTransport("unix", UnixTarget::parse, sender, live));
        context.host().service(MiCommands.class).ifPresent(mi -> mi.register(MiCommand.noParams(
                "event_datagram:stats", p -> stats(sender, live))));
        return new ModuleInstance() {
            @Override
            public io.evapi.proxy.spi.ScriptFunction function(String name) {
                return null;
            }

            @Override
            public void start() {
                sender.start();
            }

            @Override
            public void stop() {
                sender.stop();
            }
        };
    }

    private static Object stats(DatagramSender sender, Set<Target> live) {
        List<Object> subs = new ArrayList<>();
        live.stream().filter(t -> !t.released).sorted(Comparator.comparing(Target::toString)).forEach(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("socket", t.toString());
            m.put("sent", t.sent.get());
            m.put("failed", t.failed.get());
            m.put("dropped", t.dropped.get());
            m.put("last_error", t.lastError);
            subs.add(m);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queued", (long) sender.queued());
        out.put("dropped", sender.dropped());
        out.put("Subscribers", subs);
        return out;
    }
}
