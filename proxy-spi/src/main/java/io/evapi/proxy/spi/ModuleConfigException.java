package io.evapi.proxy.spi;

import static java.util.Objects.requireNonNull;

/**
 * A module configuration that is not acceptable. The host reports it at the {@code modparam} line of the
 * parameter it names, or at the {@code loadmodule} line when it names none.
 */
public class ModuleConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public ModuleConfigException(String parameter, String message) {
        super(message);
        this.parameter = requireNonNull(parameter, "parameter");
    }

    /** A problem of the module as a whole, or of several parameters together. */
    public ModuleConfigException(String message) {
        super(message);
        this.parameter = null;
    }

    /** The parameter at fault, or null for the module as a whole. */
    public String parameter() {
        return parameter;
    }
}
