package io.evapi.proxy.script;

/** A function returned 0 inside an expression: Kamailio ends the run there. Carries no stack trace. */
final class ExitSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final ExitSignal INSTANCE = new ExitSignal();

    private ExitSignal() {
        super("function returned 0", null, false, false);
    }
}
