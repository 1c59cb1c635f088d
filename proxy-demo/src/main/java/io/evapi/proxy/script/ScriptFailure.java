package io.evapi.proxy.script;

import io.evapi.proxy.config.Position;

/** A run-time error with the position of the statement that raised it; ends the run. */
final class ScriptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Position position;

    ScriptFailure(Position position, String message, Throwable cause) {
        super(message, cause);
        this.position = position;
    }

    Position position() {
        return position;
    }
}
