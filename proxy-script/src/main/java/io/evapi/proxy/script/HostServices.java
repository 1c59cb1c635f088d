package io.evapi.proxy.script;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The services modules find with {@link io.evapi.proxy.spi.ScriptHost#service}: those the host offers before
 * the config loads (the SIP host's transaction control) and those modules publish as they are configured,
 * in load order.
 */
public final class HostServices {
    private final ConcurrentMap<Class<?>, Object> services = new ConcurrentHashMap<>();

    /** Offers {@code service} under {@code type}; one service per type. */
    public <T> HostServices offer(Class<T> type, T service) {
        requireNonNull(service, "service");
        if (services.putIfAbsent(requireNonNull(type, "type"), type.cast(service)) != null) {
            throw new IllegalStateException("a service of type " + type.getName() + " is offered already");
        }
        return this;
    }

    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }
}
