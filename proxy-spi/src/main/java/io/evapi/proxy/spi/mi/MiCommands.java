package io.evapi.proxy.spi.mi;

import java.util.List;
import java.util.Optional;

/**
 * The MI command set, a host service ({@code host.service(MiCommands.class)}) that any module adds commands to
 * while it is configured, and that MI transports ({@code mi_http}) execute. The core commands ({@code which},
 * {@code version}, {@code uptime}, the event commands) are always there.
 */
public interface MiCommands {

    /**
     * Adds a command.
     *
     * @throws IllegalStateException when a command of that name exists
     */
    void register(MiCommand command);

    /** Every command name, in registration order (what {@code which} lists). */
    List<String> names();

    Optional<MiCommand> find(String name);

    /**
     * Runs a command: matches the parameters against its recipes, then calls its handler on this thread.
     *
     * @param params null (no parameters), a {@code List} (positional) or a {@code Map} (named), with JSON values
     * @return the result, never null
     * @throws MiException {@code -32601} for an unknown command, {@code -32602} for parameters matching no
     *                     recipe, or the handler's own error
     */
    Object execute(String name, Object params) throws MiException;
}
