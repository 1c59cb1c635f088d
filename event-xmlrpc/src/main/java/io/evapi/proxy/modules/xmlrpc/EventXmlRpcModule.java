package io.evapi.proxy.modules.xmlrpc;

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
 * OpenSIPS's {@code event_xmlrpc} module ({@code loadmodule "event_xmlrpc.so"}): the {@code xmlrpc:} transport of the
 * Events Interface, an XML-RPC call over a new HTTP connection per event, and the MI command
 * {@code event_xmlrpc:stats} (ours) with each destination's counters.
 */
public final class EventXmlRpcModule implements ProxyModule {

    /**
     * {@code modparam("event_xmlrpc", ...)}.
     *
     * @param useStructParam 1: each named param is its own one-member {@code <struct>}
     * @param syncMode       1: a raise waits for the send status (at most {@code timeout} ms) and fails when the
     *                       request was not sent (OpenSIPS 2.x-3.1)
     * @param timeout        ours: ms a connection may take to open and take the request; also the sync wait
     * @param queueSize      ours: requests one destination may hold
     * @param connections    ours: connections open at once to one destination (1 keeps the events in order)
     */
    public record Params(@Param(defaultValue = "0") int useStructParam,
            @Param(defaultValue = "0") int syncMode,
            @Param(defaultValue = "1000") int timeout,
            @Param(defaultValue = "1000") int queueSize,
            @Param(defaultValue = "1") int connections) {
        public Params {
            InvalidParamException.check(useStructParam == 0 || useStructParam == 1, "use_struct_param",
                    "expected 0 or 1, found " + useStructParam);
            InvalidParamException.check(syncMode == 0 || syncMode == 1, "sync_mode",
                    "expected 0 or 1, found " + syncMode);
            InvalidParamException.check(timeout >= 1 && timeout <= 600_000, "timeout",
                    "expected 1 to 600000 ms, found " + timeout);
            InvalidParamException.check(queueSize >= 1 && queueSize <= 10_000_000, "queue_size",
                    "expected 1 to 10000000, found " + queueSize);
            InvalidParamException.check(connections >= 1 && connections <= 1000, "connections",
                    "expected 1 to 1000, found " + connections);
        }
    }

    @Override
    public String name() {
        return "event_xmlrpc";
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
                "event_xmlrpc needs the event interface (module event_interface), which is not loaded"));
        XmlRpcSettings settings = new XmlRpcSettings(params.useStructParam() == 1, params.syncMode() == 1,
                params.timeout(), params.queueSize(), params.connections());
        // one I/O thread, as OpenSIPS's one "XML-RPC sender" process; it starts on the first event
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("event_xmlrpc", true),
                NioIoHandler.newFactory());
        XmlRpcTransport transport = new XmlRpcTransport(settings, group);
        evi.registerTransport(transport);
        context.host().service(MiCommands.class).ifPresent(mi -> mi.register(MiCommand.noParams(
                "event_xmlrpc:stats", p -> stats(transport))));
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

    static Map<String, Object> stats(XmlRpcTransport transport) {
        List<Object> out = new ArrayList<>();
        transport.destinations().stream().sorted(Comparator.comparing(d -> d.name)).forEach(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("destination", d.name);
            m.put("sent", d.sent.sum());
            m.put("failed", d.failed.sum());
            m.put("dropped", d.dropped.sum());
            m.put("sync_timeouts", d.syncTimeouts.sum());
            m.put("pending", (long) d.pending());
            m.put("last_error", d.lastError);
            out.add(m);
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Destinations", out);
        return result;
    }
}
