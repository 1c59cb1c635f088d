package io.evapi.proxy.script;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.config.CoreSettings;
import io.evapi.proxy.spi.sip.SipMessage;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptHost;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A config compiled into node trees, with its modules: immutable once built, run by any number of threads.
 * It is also the {@link ScriptHost} the modules talk to.
 */
public final class CompiledConfig implements ScriptHost {
    private static final Logger LOG = LoggerFactory.getLogger("script");

    private final CoreSettings settings;
    private final RouteTable routes;
    private final List<Module> modules;
    private final List<ConfigException.Error> warnings;
    private final HostServices services;
    private final StartupRoutes startupRoutes;
    private final Myself myself;

    /** A configured module instance with its name and parameter values. */
    record Module(String name, ModuleInstance instance, java.util.Map<String, Object> parameters) {
    }

    CompiledConfig(CoreSettings settings, RouteTable routes, List<Module> modules,
            List<ConfigException.Error> warnings, HostServices services) {
        this.services = requireNonNull(services, "services");
        this.settings = requireNonNull(settings, "settings");
        this.routes = requireNonNull(routes, "routes");
        this.modules = List.copyOf(modules);
        this.warnings = List.copyOf(warnings);
        this.startupRoutes = new StartupRoutes(this, routes);
        this.myself = new Myself(settings);
    }

    public CoreSettings settings() {
        return settings;
    }

    /**
     * What is legal but probably a mistake, with positions: settings accepted without effect, event routes no
     * module raises, call sites a module warns about. {@code -c} lists them; the host logs them at start.
     */
    public List<ConfigException.Error> warnings() {
        return warnings;
    }

    public List<String> moduleNames() {
        return modules.stream().map(Module::name).toList();
    }

    /** The configured instances of loaded modules that implement {@code type}, in load order. */
    public <T> List<T> moduleInstances(Class<T> type) {
        return modules.stream().map(Module::instance).filter(type::isInstance).map(type::cast).toList();
    }

    /** The parameter values of a loaded module (config value or default), empty when it is not loaded. */
    public java.util.Map<String, Object> parameters(String module) {
        return modules.stream().filter(m -> m.name().equals(module)).findFirst()
                .map(Module::parameters).orElse(java.util.Map.of());
    }

    /**
     * Starts the modules in load order, then runs the once-at-start routes and starts the timer routes
     * ({@link StartupRoutes}); on a failure, stops those already started.
     */
    public void start() throws Exception {
        List<Module> started = new ArrayList<>();
        try {
            for (Module m : modules) {
                m.instance().start();
                started.add(m);
            }
        } catch (Exception e) {
            Collections.reverse(started);
            started.forEach(m -> m.instance().stop());
            throw e;
        }
        startupRoutes.start();
    }

    /** Stops the timer routes, then the modules in reverse load order. */
    public void stop() {
        startupRoutes.stop();
        List<Module> reversed = new ArrayList<>(modules);
        Collections.reverse(reversed);
        for (Module m : reversed) {
            try {
                m.instance().stop();
            } catch (RuntimeException e) {
                LOG.warn("module {} failed to stop", m.name(), e);
            }
        }
    }

    @Override
    public Optional<Route> route(RouteKind kind, String name) {
        return Optional.ofNullable(routes.find(kind, name == null ? "" : name));
    }

    @Override
    public int run(Route route, RouteType asType, Consumer<ScriptContext> setup) {
        RunResult r = execute(route, asType, setup);
        return switch (r.outcome()) {
            case RETURNED -> (int) r.returnCode();
            case EXIT, DROP -> 0;
            case ERROR -> FAILED;
        };
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        if (type == io.evapi.proxy.spi.sip.LocalAddresses.class && services.find(type).isEmpty()) {
            return Optional.of(type.cast(myself));
        }
        return services.find(type);
    }

    @Override
    public List<Route> routes(RouteKind kind) {
        return routes.ofKind(kind);
    }

    /** Runs {@code request_route} on a SIP message. */
    public RunResult runRequestRoute(SipMessage message) {
        Route request = routes.find(RouteKind.REQUEST, "");
        if (request == null) {
            throw new IllegalStateException("the config has no request_route");
        }
        return execute(request, RouteType.REQUEST, run -> run.put(SipMessage.KEY, message));
    }

    /** Runs a block in a fresh run of the given type; errors are logged here with route and line. */
    public RunResult execute(Route route, RouteType asType, Consumer<ScriptContext> setup) {
        RouteTable.Entry entry = routes.existing((RouteTable.Entry) route);
        Run run = new Run(asType, entry.name());
        run.maxDepth(settings.maxRecursiveLevel());
        setup.accept(run);
        try {
            Flow f = Statements.nested(routes.body(entry.index()), run, entry.position());
            if (f == null) {
                return new RunResult(RunResult.Outcome.RETURNED, -1, run);
            }
            return switch (f) {
                case EXIT -> new RunResult(RunResult.Outcome.EXIT, run.returnCode(), run);
                case DROP -> new RunResult(RunResult.Outcome.DROP, run.returnCode(), run);
                default -> new RunResult(RunResult.Outcome.RETURNED, run.returnCode(), run);
            };
        } catch (ExitSignal e) {
            return new RunResult(e.flow() == Flow.DROP ? RunResult.Outcome.DROP : RunResult.Outcome.EXIT, 0, run);
        } catch (ScriptFailure e) {
            String where = e.route() == null ? label(entry) : e.route() + " (run from " + label(entry) + ")";
            LOG.error("script error in {} at {}: {}", where, e.position(), e.getMessage());
            return new RunResult(RunResult.Outcome.ERROR, -1, run);
        } catch (StackOverflowError e) {
            // max_recursive_level set higher than this thread's stack can take
            LOG.error("script error in {}: routes and blocks nested deeper than the thread's stack allows"
                    + " (max_recursive_level={} is too high for this proxy)", label(entry), settings.maxRecursiveLevel());
            return new RunResult(RunResult.Outcome.ERROR, -1, run);
        }
    }

    private static String label(RouteTable.Entry e) {
        return switch (e.kind()) {
            case REQUEST -> "request_route";
            case ROUTE -> "route[" + e.name() + "]";
            case FAILURE -> "failure_route[" + e.name() + "]";
            case ONREPLY -> e.name().isEmpty() ? "onreply_route" : "onreply_route[" + e.name() + "]";
            case BRANCH -> "branch_route[" + e.name() + "]";
            case EVENT -> "event_route[" + e.name() + "]";
            case STARTUP -> "startup_route";
            case TIMER -> "timer_route[" + e.name() + "]";
        };
    }
}
