package io.evapi.proxy.spi.event;

import static java.util.Objects.requireNonNull;

/** Why {@link EventInterface#subscribe} refused a subscription. */
public class SubscribeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal; MI maps the first two to {@code 400 "Bad parameter value"}. */
    public enum Reason {
        /** No event of that name is published. */
        UNKNOWN_EVENT,
        /** The socket's protocol has no transport, or the transport refused the rest of the socket. */
        BAD_SOCKET,
        /** The event has as many subscribers as the bound allows. */
        TOO_MANY_SUBSCRIBERS
    }

    private final Reason reason;

    public SubscribeException(Reason reason, String message) {
        super(message);
        this.reason = requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
