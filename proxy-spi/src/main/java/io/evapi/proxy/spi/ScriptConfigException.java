package io.evapi.proxy.spi;

/** A config that can never work; the host reports it with file:line:column and does not start. */
public class ScriptConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScriptConfigException(String message) {
        super(message);
    }
}
