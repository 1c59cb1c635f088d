package io.evapi.proxy.host;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.proxy.script.HostServices;
import io.evapi.proxy.script.LoadOptions;
import io.evapi.proxy.spi.sip.TransactionControl;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads configs for this SIP host: with the module path of the command line, and with the services the host
 * offers to modules ({@link TransactionControl}), so that {@link RunningProxy#start} can run them.
 */
public final class ProxyHost {

    private ProxyHost() {
    }

    /** Fresh options for one config: each running proxy has its own transaction control. */
    public static LoadOptions options(List<Path> modulePath) {
        return new LoadOptions(modulePath, new HostServices().offer(TransactionControl.class, new EngineTransactions()));
    }

    public static CompiledConfig load(Path file, List<Path> modulePath) throws ConfigException {
        return ConfigLoader.load(file, options(modulePath));
    }

    /** With names defined before the config is read (the command line's {@code -A}). */
    public static CompiledConfig load(Path file, List<Path> modulePath, java.util.Map<String, String> defines)
            throws ConfigException {
        return ConfigLoader.load(file, options(modulePath).withDefines(defines));
    }

    /** Config text without a file (tests, bundled configs); includes resolve against the working directory. */
    public static CompiledConfig load(String text, String name) throws ConfigException {
        return ConfigLoader.load(text, name, null, options(List.of()));
    }
}
