package io.evapi.proxy.modules.evi;

import io.evapi.proxy.spi.mi.MiCommand;
import io.evapi.proxy.spi.mi.MiCommands;
import io.evapi.proxy.spi.mi.MiException;
import io.evapi.proxy.spi.mi.MiParams;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MI command set (OpenSIPS's {@code mi/mi.c}): commands by name, and the recipe matching that turns a
 * call's positional or named parameters into {@link MiParams}, with OpenSIPS's errors when none fits.
 */
final class MiRegistry implements MiCommands {
    private static final Logger LOG = LoggerFactory.getLogger(MiRegistry.class);

    private final Map<String, MiCommand> commands = new ConcurrentHashMap<>();
    private final List<String> names = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void register(MiCommand command) {
        if (commands.putIfAbsent(command.name(), command) != null) {
            throw new IllegalStateException("MI command " + command.name() + " is registered already");
        }
        names.add(command.name());
    }

    @Override
    public List<String> names() {
        return List.copyOf(names);
    }

    @Override
    public Optional<MiCommand> find(String name) {
        return Optional.ofNullable(name == null ? null : commands.get(name));
    }

    @Override
    public Object execute(String name, Object params) throws MiException {
        MiCommand c = name == null ? null : commands.get(name);
        if (c == null) {
            throw new MiException(MiException.METHOD_NOT_FOUND, "Method not found");
        }
        Map<String, Object> bound = bind(c, params);
        Object result;
        try {
            result = c.handler().handle(new Params(bound));
        } catch (MiException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("MI command {} failed", name, e);
            throw MiException.serverError("Command handler failed: " + e);
        }
        if (result == null) {
            throw MiException.serverError("Command handler returned null");
        }
        return result;
    }

    private static Map<String, Object> bind(MiCommand c, Object params) throws MiException {
        if (params == null) {
            params = List.of();
        }
        if (params instanceof List<?> list) {
            for (List<String> recipe : c.recipes()) {
                if (recipe.size() == list.size()) {
                    Map<String, Object> bound = new LinkedHashMap<>();
                    for (int i = 0; i < recipe.size(); i++) {
                        bound.put(recipe.get(i), list.get(i));
                    }
                    return bound;
                }
            }
            throw MiException.invalidParams("Too few or too many parameters");
        }
        if (params instanceof Map<?, ?> map) {
            for (List<String> recipe : c.recipes()) {
                if (recipe.size() == map.size() && new HashSet<>(recipe).equals(map.keySet())) {
                    Map<String, Object> bound = new LinkedHashMap<>();
                    map.forEach((k, v) -> bound.put((String) k, v));
                    return bound;
                }
            }
            throw MiException.invalidParams("Named parameters do not match");
        }
        throw new MiException(MiException.INVALID_REQUEST, "Invalid Request");
    }

    /** One call's parameters. */
    private record Params(Map<String, Object> values) implements MiParams {
        @Override
        public boolean has(String name) {
            return values.containsKey(name);
        }

        @Override
        public Object get(String name) {
            return values.get(name);
        }

        @Override
        public String string(String name) throws MiException {
            Object v = values.get(name);
            if (v instanceof String s) {
                return s;
            }
            throw badType(name);
        }

        @Override
        public long integer(String name) throws MiException {
            Object v = values.get(name);
            if (v instanceof Number n) {
                return n.longValue();
            }
            if (v instanceof String s && s.matches("[+-]?[0-9]{1,18}")) {
                return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            }
            throw badType(name);
        }

        private static MiException badType(String name) {
            return MiException.invalidParams("Bad type for parameter '" + name + "'");
        }
    }
}
