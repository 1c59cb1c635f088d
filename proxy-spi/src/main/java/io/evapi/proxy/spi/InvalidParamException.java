package io.evapi.proxy.spi;

import static java.util.Objects.requireNonNull;

/**
 * Thrown by the compact constructor of a module's parameter record for a value it refuses. The host reports
 * it at the line of that parameter's {@code modparam}.
 */
public class InvalidParamException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public InvalidParamException(String parameter, String message) {
        super(message);
        this.parameter = requireNonNull(parameter, "parameter");
    }

    public String parameter() {
        return parameter;
    }

    /** Throws when {@code ok} is false; a short form for compact constructors. */
    public static void check(boolean ok, String parameter, String message) {
        if (!ok) {
            throw new InvalidParamException(parameter, message);
        }
    }
}
