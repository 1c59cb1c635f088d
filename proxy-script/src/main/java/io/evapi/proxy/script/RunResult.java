package io.evapi.proxy.script;

/**
 * How a route run ended.
 *
 * @param returnCode the value of {@code return}, or {@code $rc} at the end
 * @param run        the run, with whatever was attached to it (the SIP message, AVPs, ...)
 */
public record RunResult(Outcome outcome, long returnCode, Run run) {

    public enum Outcome {
        /** The route ran to its end or a {@code return}. */
        RETURNED,
        /** {@code exit}, or a function returning 0. */
        EXIT,
        /** {@code drop}. */
        DROP,
        /** A run-time error, already logged with route and line; a SIP request gets 500. */
        ERROR
    }
}
