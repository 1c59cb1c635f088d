package io.evapi.proxy.spi;

import java.util.Map;

/** What the host gives a module when it configures it. */
public interface ModuleContext {

    /**
     * Every declared parameter: the value from the config or the declared default, as {@code Long} or
     * {@code String}; a repeatable parameter maps to a {@code List} of those, in config order.
     */
    Map<String, Object> parameters();

    ScriptHost host();
}
