package io.evapi.proxy.script;

import io.evapi.proxy.config.Position;

/**
 * A run-time error with the position of the statement that raised it and, once it has left a called
 * {@code route[...]}, the name of that route; ends the run.
 */
final class ScriptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Position position;
    private final String route;

    ScriptFailure(Position position, String message, Throwable cause) {
        this(position, message, cause, null);
    }

    private ScriptFailure(Position position, String message, Throwable cause, String route) {
        super(message, cause);
        this.position = position;
        this.route = route;
    }

    Position position() {
        return position;
    }

    /** The innermost called route the error happened in, e.g. {@code route[AUTH]}; null in the top route. */
    String route() {
        return route;
    }

    /** This failure, marked as raised inside the named route unless an inner route was named already. */
    ScriptFailure in(String routeLabel) {
        return route != null ? this : new ScriptFailure(position, getMessage(), getCause(), routeLabel);
    }
}
