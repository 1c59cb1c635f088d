package io.evapi.proxy.spi;

/** An error while a route runs; the host logs it with route and line and ends the run (SIP: 500). */
public class ScriptRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScriptRuntimeException(String message) {
        super(message);
    }

    public ScriptRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
