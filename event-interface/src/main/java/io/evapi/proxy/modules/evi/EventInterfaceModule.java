package io.evapi.proxy.modules.evi;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.SubscribeException;
import io.evapi.proxy.spi.mi.MiCommands;
import io.evapi.proxy.spi.sip.TransactionControl;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSIPS's Events Interface and MI core, as the built-in module {@code event_interface}: loaded into every
 * config before any other module (as it is core in OpenSIPS), so nobody writes {@code loadmodule} for it; the
 * 3.0-3.5 {@code loadmodule "event_route.so"} names it too and is accepted.
 *
 * <p>It publishes {@link EventInterface} and {@link MiCommands} to the modules loaded after it, exports
 * {@code raise_event}, {@code subscribe_event} and {@code $param}, and turns every {@code event_route[NAME]}
 * whose name has no {@code :} (Kamailio's module routes such as {@code evapi:connection-new} have one) into a
 * permanent {@code route:NAME} subscriber of event NAME.
 */
public final class EventInterfaceModule implements ProxyModule {
    private static final Logger LOG = LoggerFactory.getLogger(EventInterfaceModule.class);

    @Override
    public String name() {
        return "event_interface";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("event_interface.so", "event_route", "event_route.so");
    }

    @Override
    public Class<? extends Record> parametersType() {
        return EviParams.class;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of(FunctionSpec.anyRoute("raise_event", 1, 3), FunctionSpec.anyRoute("subscribe_event", 2, 3));
    }

    @Override
    public List<String> pseudoVariableClasses() {
        return List.of("param");
    }

    /**
     * OpenSIPS's {@code event_route[E_NAME]}: any event name (one without a {@code module:} prefix, which marks a
     * Kamailio module's route), since the script may raise any event with {@code raise_event}.
     */
    @Override
    public boolean raisesEventRoute(String name) {
        return name.indexOf(':') < 0;
    }

    @Override
    public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
        EviParams params = context.parameters(EviParams.class);
        ScriptHost host = context.host();
        EventRegistry events = new EventRegistry(EventRegistry::wallClockSeconds, params.maxSubscribers());
        RouteTransport routes = new RouteTransport(host, params.routeWorkers(), params.routeQueueSize());
        events.registerTransport(routes);
        MiRegistry mi = new MiRegistry();
        new CoreMiCommands(events, mi).register(host.service(TransactionControl.class).orElse(null));
        context.publish(EventInterface.class, events);
        context.publish(MiCommands.class, mi);
        EviFunctions functions = new EviFunctions(events);
        PseudoVariableResolver paramPv = new ParamVariables();
        return new ModuleInstance() {
            @Override
            public ScriptFunction function(String name) {
                return functions.function(name);
            }

            @Override
            public PseudoVariableResolver pseudoVariables(String pvClass) {
                return paramPv;
            }

            @Override
            public void start() {
                routes.start();
                subscribeEventRoutes(host, events);
            }

            @Override
            public void stop() {
                routes.stop();
                events.releaseAll();
            }
        };
    }

    /** Each {@code event_route[E_NAME]} subscribes {@code route:E_NAME}, publishing E_NAME when nobody has. */
    private static void subscribeEventRoutes(ScriptHost host, EventRegistry events) {
        for (ScriptHost.Route r : host.routes(ScriptHost.RouteKind.EVENT)) {
            String name = r.name();
            if (name.indexOf(':') >= 0) {
                continue; // a Kamailio module's route (evapi:..., core:worker-one-init), not an event
            }
            try {
                events.publish(name);
                events.subscribe(name, RouteTransport.PROTO + ":" + name, 0, false);
            } catch (IllegalArgumentException | SubscribeException e) {
                LOG.error("event_route[{}]: cannot subscribe it to its event: {}", name, e.getMessage());
            }
        }
    }
}
