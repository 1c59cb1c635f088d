package io.evapi.core.netstring;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.CorruptedFrameException;

/** A byte stream that is not a sequence of netstrings; the stream cannot be trusted after it. */
public final class NetstringException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Reason {
        /** A frame starts with something other than a digit (whitespace between frames is allowed). */
        NON_DIGIT_LENGTH,
        /** The length has more than 10 digits. */
        LENGTH_TOO_LONG,
        /** The length is above the configured maximum frame size. */
        FRAME_TOO_LARGE,
        /** The length digits are followed by something other than ':'. */
        MISSING_COLON,
        /** The payload is not followed by ','. */
        MISSING_COMMA
    }

    private final Reason reason;

    public NetstringException(Reason reason, String message) {
        super(message);
        this.reason = requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
