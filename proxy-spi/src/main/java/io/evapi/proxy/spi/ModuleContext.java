package io.evapi.proxy.spi;

import java.util.Map;

/** What the host gives a module when it configures it. */
public interface ModuleContext {

    /**
     * Every declared parameter: the value from the config or the declared default, as {@code Long} or
     * {@code String}; a repeatable parameter maps to a {@code List} of those, in config order.
     */
    Map<String, Object> parameters();

    /** The parameters as the module's record ({@link ProxyModule#parametersType()}), validated. */
    default <R extends Record> R parameters(Class<R> type) throws ModuleConfigException {
        return ModParams.bind(type, parameters());
    }

    ScriptHost host();

    /**
     * Offers a service to the modules loaded after this one (as Kamailio's modules bind each other's APIs,
     * which is why load order matters): they find it with {@link ScriptHost#service}.
     *
     * @throws IllegalStateException when another module already published a service of that type
     */
    <T> void publish(Class<T> type, T service);
}
