package io.evapi.proxy.spi;

import static java.util.Objects.requireNonNull;

/** A module parameter value that is not acceptable; the host reports it at that parameter's modparam line. */
public class ModuleConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public ModuleConfigException(String parameter, String message) {
        super(message);
        this.parameter = requireNonNull(parameter, "parameter");
    }

    public String parameter() {
        return parameter;
    }
}
