package io.evapi.proxy.script;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the host adds to a config when it loads it.
 *
 * @param modulePath directories of plugin jars searched before the config's own {@code mpath} (the command
 *                   line's {@code -L})
 * @param services   the services the host offers to modules
 * @param defines    names defined before the config is read, as with {@code #!define} (the command line's
 *                   {@code -A NAME[=value]}); an empty value defines the name without a value
 */
public record LoadOptions(List<Path> modulePath, HostServices services, Map<String, String> defines) {

    public LoadOptions {
        modulePath = List.copyOf(modulePath);
        requireNonNull(services, "services");
        defines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defines));
    }

    public LoadOptions(List<Path> modulePath, HostServices services) {
        this(modulePath, services, Map.of());
    }

    /** No module path beyond the config's, no host services: enough to check a config or run event routes. */
    public static LoadOptions defaults() {
        return new LoadOptions(List.of(), new HostServices());
    }

    /** These options with the names defined before the config is read. */
    public LoadOptions withDefines(Map<String, String> names) {
        return new LoadOptions(modulePath, services, names);
    }
}
