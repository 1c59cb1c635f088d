package io.evapi.proxy.demo;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.host.ProxyHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the demo's bundled files, moved to the given ports. */
public final class DemoResources {
    public static final String CONFIG = "demo/demo.cfg";
    public static final String ROUTING = "demo/routing.json";

    private DemoResources() {
    }

    /** The demo config, compiled for {@code ports}. */
    public static CompiledConfig config(DemoPorts ports) throws ConfigException {
        String text = ports.apply(read(CONFIG));
        return ProxyHost.load(text, CONFIG);
    }

    /** The demo routing table, its destinations on the demo callee of {@code ports}. */
    public static RoutingTable routing(DemoPorts ports) {
        return RoutingTable.parse(ports.apply(read(ROUTING)), ROUTING);
    }

    static String read(String resource) {
        try (InputStream in = DemoResources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no bundled " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + resource, e);
        }
    }
}
