package io.evapi.proxy.modules.stream;

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
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenSIPS's {@code event_stream} module ({@code loadmodule "event_stream.so"}): the {@code tcp:} transport of the
 * Events Interface, JSON-RPC notifications over one persistent TCP connection per destination, and the MI command
 * {@code event_stream:stats} (ours) with each destination's counters.
 */
public final class EventStreamModule implements ProxyModule {

    /**
     * {@code modparam("event_stream", ...)}.
     *
     * @param reliableMode   1: each event carries a numeric {@code id} and waits for the reply with that id
     * @param timeout        ms an event waits for its reply in reliable mode before it counts as failed
     * @param eventParam     when set, the event's name is sent as the first parameter under this key
     * @param connectTimeout ours: ms a connection may take to open
     * @param queueSize      ours: events one destination may hold (queued, being written, waiting for a reply)
     */
    public record Params(@Param(defaultValue = "0") int reliableMode,
            @Param(defaultValue = "1000") int timeout,
            @Param(defaultValue = "") String eventParam,
            @Param(defaultValue = "1000") int connectTimeout,
            @Param(defaultValue = "10000") int queueSize) {
        public Params {
            InvalidParamException.check(reliableMode == 0 || reliableMode == 1, "reliable_mode",
                    "expected 0 or 1, found " + reliableMode);
            InvalidParamException.check(timeout >= 1 && timeout <= 3_600_000, "timeout",
                    "expected 1 to 3600000 ms, found " + timeout);
            InvalidParamException.check(connectTimeout >= 1 && connectTimeout <= 600_000, "connect_timeout",
                    "expected 1 to 600000 ms, found " + connectTimeout);
            InvalidParamException.check(queueSize >= 1 && queueSize <= 10_000_000, "queue_size",
                    "expected 1 to 10000000, found " + queueSize);
        }
    }

    @Override
    public String name() {
        return "event_stream";
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
                "event_stream needs the event interface (module event_interface), which is not loaded"));
        StreamSettings settings = new StreamSettings(params.reliableMode() == 1, params.timeout(),
                params.connectTimeout(), params.queueSize(), params.eventParam().isEmpty() ? null : params.eventParam());
        // one I/O thread for every destination, as OpenSIPS's one "event_stream Sender" process; threads start
        // on the first event
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("event_stream", true),
                NioIoHandler.newFactory());
        StreamTransport transport = new StreamTransport(settings, group);
        evi.registerTransport(transport);
        context.host().service(MiCommands.class).ifPresent(mi -> mi.register(MiCommand.noParams(
                "event_stream:stats", p -> stats(transport))));
        return new ModuleInstance() {
            @Override
            public ScriptFunction function(String name) {
                return null;
            }

            @Override
            public void stop() {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            }
        };
    }

    static Map<String, Object> stats(StreamTransport transport) {
        List<Object> out = new ArrayList<>();
        transport.destinations().stream().sorted(Comparator.comparing(d -> d.name)).forEach(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("destination", "tcp:" + d.name);
            m.put("connected", d.connected);
            m.put("connects", d.connects.sum());
            m.put("sent", d.sent.sum());
            m.put("acked", d.acked.sum());
            m.put("errors", d.errors.sum());
            m.put("timeouts", d.timeouts.sum());
            m.put("failed", d.failed.sum());
            m.put("dropped", d.dropped.sum());
            m.put("bad_replies", d.badReplies.sum());
            m.put("pending", (long) d.pending());
            m.put("last_error", d.lastError);
            out.add(m);
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Destinations", out);
        return result;
    }
}
