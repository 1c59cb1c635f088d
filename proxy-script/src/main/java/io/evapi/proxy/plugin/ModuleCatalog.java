package io.evapi.proxy.plugin;

import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ProxySpi;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every module the proxy can load: those on its class path, and those in the plugin jars of the module path
 * ({@code mpath}, {@code -L}). Each jar gets a class loader of its own over the host's, so a jar brings its
 * own libraries and sees the SPI of the host. A module in a jar replaces one of the same name on the class
 * path; two jars exporting the same name, or a jar built against another SPI, are errors reported when a
 * config loads that module.
 */
public final class ModuleCatalog {

    private final Map<String, List<Candidate>> byName = new LinkedHashMap<>();
    private final List<Path> modulePath;
    private final List<String> brokenJars = new ArrayList<>();

    /** A module and where it came from ({@code class path} or a jar's path). */
    public record Candidate(ProxyModule module, String origin) {
    }

    private ModuleCatalog(List<Path> modulePath) {
        this.modulePath = List.copyOf(modulePath);
    }

    /** Scans the class path of {@code hostLoader}, then every {@code *.jar} in each directory of {@code modulePath}. */
    public static ModuleCatalog scan(ClassLoader hostLoader, List<Path> modulePath) {
        ModuleCatalog catalog = new ModuleCatalog(modulePath);
        Map<String, List<Candidate>> fromJars = new LinkedHashMap<>();
        for (Path dir : modulePath) {
            for (Path jar : jars(dir)) {
                catalog.scanJar(jar, hostLoader, fromJars);
            }
        }
        for (ProxyModule m : ServiceLoader.load(ProxyModule.class, hostLoader)) {
            if (!fromJars.containsKey(m.name())) {
                catalog.add(m, "class path");
            }
        }
        fromJars.values().forEach(list -> list.forEach(c -> catalog.add(c.module(), c.origin())));
        return catalog;
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void scanJar(Path jar, ClassLoader hostLoader, Map<String, List<Candidate>> into) {
        URLClassLoader loader;
        try (JarFile check = new JarFile(jar.toFile())) {
            // a class loader over a file that is no jar finds nothing, silently: say so instead
            loader = new URLClassLoader("plugin " + jar.getFileName(), new URL[] {jar.toUri().toURL()}, hostLoader);
        } catch (IOException e) {
            brokenJars.add(jar + ": " + e.getMessage());
            return;
        }
        try {
            ServiceLoader.load(ProxyModule.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader)
                    .forEach(p -> {
                        ProxyModule m = p.get();
                        into.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(new Candidate(m, jar.toString()));
                    });
        } catch (ServiceConfigurationError | LinkageError e) {
            brokenJars.add(jar + ": " + e);
        }
    }

    private void add(ProxyModule m, String origin) {
        Candidate c = new Candidate(m, origin);
        byName.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(c);
        for (String alias : m.aliases()) {
            if (!alias.equals(m.name())) {
                byName.computeIfAbsent(alias, k -> new ArrayList<>()).add(c);
            }
        }
    }

    /**
     * The module a {@code loadmodule} argument names: {@code "evapi"}, {@code "evapi.so"} or a path ending in
     * one of those (Kamailio configs often give the full path of the shared object).
     *
     * @throws PluginException with the reason it cannot be loaded
     */
    public ProxyModule find(String loadmodule) throws PluginException {
        int slash = loadmodule.lastIndexOf('/');
        String file = slash >= 0 ? loadmodule.substring(slash + 1) : loadmodule;
        List<Candidate> found = byName.get(file);
        if (found == null && file.endsWith(".so")) {
            found = byName.get(file.substring(0, file.length() - 3));
        }
        if (found == null) {
            throw new PluginException("module '" + loadmodule + "' is not available: not on the class path"
                    + (modulePath.isEmpty() ? " (no mpath is set)" : " nor in a jar of mpath " + modulePath)
                    + brokenNote() + "; expected one of " + String.join(", ", names()));
        }
        if (found.size() > 1) {
            throw new PluginException("module '" + found.get(0).module().name() + "' is exported by "
                    + found.size() + " jars (" + String.join(", ", found.stream().map(Candidate::origin).toList())
                    + "): keep one of them in the module path");
        }
        Candidate c = found.get(0);
        int built = spiVersion(c.module());
        if (built != ProxySpi.VERSION) {
            throw new PluginException("module '" + c.module().name() + "' in " + c.origin() + " was built against "
                    + (built < 0 ? "an older proxy SPI" : "proxy SPI version " + built) + ", and this proxy has version "
                    + ProxySpi.VERSION + ": rebuild the module against proxy-spi " + ProxySpi.VERSION);
        }
        return c.module();
    }

    /** -1 for a module compiled before modules declared their SPI version. */
    private static int spiVersion(ProxyModule m) {
        try {
            return m.spiVersion();
        } catch (AbstractMethodError e) {
            return -1;
        }
    }

    /** Every module that can be loaded, by name, for messages and for the "function is in module X" hints. */
    public List<ProxyModule> modules() {
        List<ProxyModule> all = new ArrayList<>();
        byName.values().forEach(list -> list.forEach(c -> {
            if (!all.contains(c.module())) {
                all.add(c.module());
            }
        }));
        return all;
    }

    /** The module of that exact name when exactly one exports it; for modules every config has, such as core. */
    public Optional<ProxyModule> builtIn(String name) {
        List<Candidate> found = byName.get(name);
        return found == null || found.size() != 1 ? Optional.empty() : Optional.of(found.get(0).module());
    }

    private List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        byName.values().forEach(list -> list.forEach(c -> names.add(c.module().name())));
        return List.copyOf(names);
    }

    private String brokenNote() {
        return brokenJars.isEmpty() ? "" : " (jars that could not be read: " + String.join("; ", brokenJars) + ")";
    }
}
