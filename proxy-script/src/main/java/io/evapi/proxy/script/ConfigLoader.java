package io.evapi.proxy.script;

import io.evapi.proxy.config.Ast;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.config.CoreSettings;
import io.evapi.proxy.config.Lexer;
import io.evapi.proxy.config.Parser;
import io.evapi.proxy.config.Preprocessor;
import io.evapi.proxy.config.SettingsReader;
import io.evapi.proxy.config.Token;
import io.evapi.proxy.plugin.ModuleCatalog;
import io.evapi.proxy.spi.Dialect;
import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.sip.LocalAddresses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads, checks and compiles a config: preprocessor, parser, settings, modules, routes. */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger("config");

    private ConfigLoader() {
    }

    public static CompiledConfig load(Path file) throws ConfigException {
        return load(file, LoadOptions.defaults());
    }

    public static CompiledConfig load(Path file, LoadOptions options) throws ConfigException {
        return compile(Lexer.tokenize(file, preprocessor(options)), options);
    }

    private static Preprocessor preprocessor(LoadOptions options) {
        Preprocessor pre = new Preprocessor();
        options.defines().forEach(pre::define);
        return pre;
    }

    /** Loads config text without a file (a bundled resource); includes resolve against {@code dir}. */
    public static CompiledConfig load(String text, String name, Path dir) throws ConfigException {
        return load(text, name, dir, LoadOptions.defaults());
    }

    public static CompiledConfig load(String text, String name, Path dir, LoadOptions options)
            throws ConfigException {
        return compile(Lexer.tokenize(text, name, dir, preprocessor(options)), options);
    }

    private static CompiledConfig compile(List<Token> tokens, LoadOptions options) throws ConfigException {
        Ast.Config ast = Parser.parse(tokens);
        List<ConfigException.Error> errors = new ArrayList<>();

        SettingsReader settingsReader = new SettingsReader(errors);
        CoreSettings settings = settingsReader.read(ast.settings());

        List<Path> modulePath = new ArrayList<>(options.modulePath());
        for (String dir : settings.mpath().split(":")) {
            if (!dir.isBlank()) {
                modulePath.add(Path.of(dir.strip()));
            }
        }
        ModuleCatalog catalog = ModuleCatalog.scan(ConfigLoader.class.getClassLoader(), modulePath);
        ModuleLoader loader = new ModuleLoader(catalog, errors);
        loader.loadBuiltIn("core", new io.evapi.proxy.config.Position("<core>", 1, 1));
        // OpenSIPS's Events Interface and MI are core there: loaded before any module, which may publish events
        loader.loadBuiltIn("event_interface", new io.evapi.proxy.config.Position("<core>", 1, 1));
        ast.modules().forEach(loader::load);
        if (openSipsConfig(ast, loader)) {
            // OpenSIPS has the pseudo-variables in its core, where Kamailio has them in module pv
            loader.loadBuiltIn("pv", new io.evapi.proxy.config.Position("<core>", 1, 1));
        }
        ast.modParams().forEach(loader::param);

        RouteTable routes = new RouteTable();
        for (Ast.Route r : ast.routes()) {
            RouteTable.Entry added = routes.add(r.kind(), r.name(), r.position());
            if (added != null && r.intervalSeconds() > 0) {
                routes.interval(added, r.intervalSeconds());
            }
            if (added == null) {
                errors.add(new ConfigException.Error(r.position(), "route block " + r.kind().name().toLowerCase()
                        + (r.name().isEmpty() ? "" : "[" + r.name() + "]") + " is defined twice"));
            }
        }
        CompiledConfig[] self = new CompiledConfig[1];
        Myself myself = new Myself(settings);
        ScriptHost host = new DeferredHost(self, routes, options.services(), myself);

        PseudoVariables pvs = new PseudoVariables();
        Functions functions = new Functions();
        List<CompiledConfig.Module> instances = new ArrayList<>();
        for (ModuleLoader.Loaded l : loader.loaded()) {
            ModuleInstance instance = configure(l, host, options.services(), errors);
            if (instance == null) {
                // its error is reported; its functions and variables are not "unknown" on top of that
                l.module.functions().forEach(f -> functions.unconfigured(f.name()));
                l.module.pseudoVariableClasses().forEach(c -> pvs.addClass(c, inner -> ctx -> null));
                continue;
            }
            instances.add(new CompiledConfig.Module(l.module.name(), instance, java.util.Map.copyOf(l.values)));
            register(l, instance, functions, pvs, errors);
            if (l.module.name().equals("pv")) {
                pvs.transformationsLoaded(true);
            }
        }
        for (ProxyModule m : loader.availableModules()) {
            m.functions().forEach(f -> functions.available(m.name(), f.name()));
            m.pseudoVariableClasses().forEach(c -> pvs.available(m.name(), c));
        }

        List<ConfigException.Error> warnings = new ArrayList<>(settingsReader.warnings());
        warnings.addAll(EventRouteCheck.warnings(ast.routes(), loader.loaded(), loader.availableModules()));
        Compiler compiler = new Compiler(routes, functions, pvs, host, settings.maxWhileLoops(), errors, warnings,
                myself);
        Map<Ast.Route, Set<RouteType>> types = RouteTypes.of(ast.routes());
        Node[] bodies = new Node[routes.entries().size()];
        for (Ast.Route r : ast.routes()) {
            RouteTable.Entry e = routes.find(r.kind(), r.name());
            if (e != null && e.position().equals(r.position())) {
                bodies[e.index()] = compiler.route(r.body(), types.get(r));
            }
        }
        routes.bodies(bodies);
        if (routes.find(ScriptHost.RouteKind.REQUEST, "") == null && errors.isEmpty()) {
            LOG.warn("the config has no request_route: SIP requests will be dropped");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        warnings.sort(java.util.Comparator.comparing((ConfigException.Error w) -> w.position().file())
                .thenComparingInt(w -> w.position().line()).thenComparingInt(w -> w.position().column()));
        self[0] = new CompiledConfig(settings, routes, instances, warnings, options.services());
        return self[0];
    }

    /** A config that loads a module only OpenSIPS has, or has OpenSIPS's startup or timer routes. */
    private static boolean openSipsConfig(Ast.Config ast, ModuleLoader loader) {
        return loader.anyLoaded(m -> m.dialect() == Dialect.OPENSIPS) || ast.routes().stream()
                .anyMatch(r -> r.kind() == Ast.RouteKind.STARTUP || r.kind() == Ast.RouteKind.TIMER);
    }

    private static ModuleInstance configure(ModuleLoader.Loaded l, ScriptHost host, HostServices services,
            List<ConfigException.Error> errors) {
        ModuleContext context = new ModuleContext() {
            @Override
            public Map<String, Object> parameters() {
                return java.util.Collections.unmodifiableMap(l.values);
            }

            @Override
            public ScriptHost host() {
                return host;
            }

            @Override
            public <T> void publish(Class<T> type, T service) {
                services.offer(type, service);
            }
        };
        try {
            return l.module.configure(context);
        } catch (ModuleConfigException e) {
            errors.add(new ConfigException.Error(l.positionOf(e.parameter()), e.parameter() == null
                    ? "module " + l.module.name() + ": " + e.getMessage()
                    : "modparam " + l.module.name() + "." + e.parameter() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            errors.add(new ConfigException.Error(l.loadedAt, "module " + l.module.name() + " failed to configure: "
                    + e.getMessage()));
        }
        return null;
    }

    private static void register(ModuleLoader.Loaded l, ModuleInstance instance, Functions functions,
            PseudoVariables pvs, List<ConfigException.Error> errors) {
        for (FunctionSpec spec : l.module.functions()) {
            ScriptFunction impl = instance.function(spec.name());
            if (impl == null) {
                errors.add(new ConfigException.Error(l.loadedAt, "module " + l.module.name() + " declares "
                        + spec.name() + "() but gives no implementation"));
            } else if (!functions.add(l.module.name(), spec, impl)) {
                LOG.warn("{}: function {}() of module {} is hidden by a module loaded earlier", l.loadedAt,
                        spec.name(), l.module.name());
            }
        }
        for (String cls : l.module.pseudoVariableClasses()) {
            pvs.addClass(cls, instance.pseudoVariables(cls));
        }
    }

    /** The host given to modules before the config is compiled; runs routes once compilation is done. */
    private record DeferredHost(CompiledConfig[] config, RouteTable routes, HostServices services,
            LocalAddresses myself) implements ScriptHost {
        @Override
        public java.util.Optional<Route> route(RouteKind kind, String name) {
            return java.util.Optional.ofNullable(routes.find(kind, name == null ? "" : name));
        }

        @Override
        public int run(Route route, RouteType asType, java.util.function.Consumer<io.evapi.proxy.spi.ScriptContext> setup) {
            if (config[0] == null) {
                throw new IllegalStateException("routes cannot run before the config is compiled");
            }
            return config[0].run(route, asType, setup);
        }

        @Override
        public <T> java.util.Optional<T> service(Class<T> type) {
            if (type == LocalAddresses.class && services.find(type).isEmpty()) {
                return java.util.Optional.of(type.cast(myself));
            }
            return services.find(type);
        }

        @Override
        public List<Route> routes(RouteKind kind) {
            return routes.ofKind(kind);
        }
    }
}
