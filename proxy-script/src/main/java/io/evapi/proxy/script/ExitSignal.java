package io.evapi.proxy.script;

/**
 * Ends the whole run from inside an expression: a function returned 0, or a route called in a condition
 * ({@code if (route(X))}) ended with {@code exit} or {@code drop}. Carries no stack trace.
 */
final class ExitSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final ExitSignal INSTANCE = new ExitSignal(Flow.EXIT);
    static final ExitSignal DROP = new ExitSignal(Flow.DROP);

    private final transient Flow flow;

    private ExitSignal(Flow flow) {
        super("the run ended inside an expression", null, false, false);
        this.flow = flow;
    }

    /** {@link Flow#EXIT} or {@link Flow#DROP}. */
    Flow flow() {
        return flow;
    }
}
