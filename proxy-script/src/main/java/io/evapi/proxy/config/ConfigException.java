package io.evapi.proxy.config;

import java.util.List;
import java.util.stream.Collectors;

/** The config cannot run; holds every error found, each with its position. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One error: where, and what was found against what was expected. */
    public record Error(Position position, String message) {
        @Override
        public String toString() {
            return position + ": " + message;
        }
    }

    private final transient List<Error> errors;

    public ConfigException(List<Error> errors) {
        super(errors.stream().map(Error::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(Position position, String message) {
        this(List.of(new Error(position, message)));
    }

    public List<Error> errors() {
        return errors;
    }
}
