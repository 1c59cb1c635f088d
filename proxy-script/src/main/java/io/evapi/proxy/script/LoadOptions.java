package io.evapi.proxy.script;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * What the host adds to a config when it loads it.
 *
 * @param modulePath directories of plugin jars searched before the config's own {@code mpath} (the command
 *                   line's {@code -L})
 * @param services   the services the host offers to modules
 */
public record LoadOptions(List<Path> modulePath, HostServices services) {

    public LoadOptions {
        modulePath = List.copyOf(modulePath);
        requireNonNull(services, "services");
    }

    /** No module path beyond the config's, no host services: enough to check a config or run event routes. */
    public static LoadOptions defaults() {
        return new LoadOptions(List.of(), new HostServices());
    }
}
