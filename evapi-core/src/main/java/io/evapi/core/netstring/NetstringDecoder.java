package io.evapi.core.netstring;

import io.evapi.core.netstring.NetstringException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Decodes netstrings ({@code LEN:payload,}) into their payloads, each a retained slice of the received bytes.
 *
 * <p>Whitespace between frames is skipped, as Kamailio does. {@code 0:,} is a keep-alive and yields nothing.
 * The state survives between reads, so a frame split anywhere by TCP (inside the length, before the comma)
 * decodes the same as one read whole. The length is checked digit by digit, so a declared size above the
 * limit fails before any payload is awaited or buffered.
 *
 * <p>On bad input the decoder throws {@link NetstringException} once, after passing on the frames before the
 * bad one, and then discards everything: the caller should close the connection.
 */
public final class NetstringDecoder extends ByteToMessageDecoder {
    private static final int MAX_DIGITS = 10;

    private enum State { FRAME_START, LENGTH, PAYLOAD, COMMA, BAD }

    private final int maxFrameSize;
    private State state = State.FRAME_START;
    private long length;
    private int digits;

    public NetstringDecoder(int maxFrameSize) {
        if (maxFrameSize <= 0) {
            throw new IllegalArgumentException("maxFrameSize must be > 0: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            switch (state) {
                case FRAME_START -> {
                    if (!skipWhitespace(in)) {
                        return;
                    }
                    byte first = in.getByte(in.readerIndex());
                    if (!isDigit(first)) {
                        throw fail(Reason.NON_DIGIT_LENGTH, "expected a length digit, found " + describe(first));
                    }
                    length = 0;
                    digits = 0;
                    state = State.LENGTH;
                }
                case LENGTH -> {
                    if (!readLength(in)) {
                        return;
                    }
                    state = State.PAYLOAD;
                }
                case PAYLOAD -> {
                    // +1: the comma is awaited with the payload, so a frame is emitted only once it is whole.
                    if (in.readableBytes() < length + 1) {
                        return;
                    }
                    byte comma = in.getByte(in.readerIndex() + (int) length);
                    if (comma != ',') {
                        throw fail(Reason.MISSING_COMMA,
                                "expected ',' after " + length + "-byte payload, found " + describe(comma));
                    }
                    if (length > 0) {
                        out.add(in.readRetainedSlice((int) length));
                    }
                    in.skipBytes(1);
                    state = State.FRAME_START;
                }
                case BAD -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** Reads length digits up to the colon; false when more bytes are needed. */
    private boolean readLength(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.readByte();
            if (isDigit(b)) {
                if (++digits > MAX_DIGITS) {
                    throw fail(Reason.LENGTH_TOO_LONG, "length has more than " + MAX_DIGITS + " digits");
                }
                length = length * 10 + (b - '0');
                if (length > maxFrameSize) {
                    throw fail(Reason.FRAME_TOO_LARGE,
                            "declared length exceeds max_frame_size " + maxFrameSize + " (read so far: " + length + ")");
                }
            } else if (b == ':') {
                return true;
            } else {
                throw fail(Reason.MISSING_COLON, "expected a digit or ':' after length " + length
                        + ", found " + describe(b));
            }
        }
        return false;
    }

    private static boolean skipWhitespace(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return true;
            }
            in.skipBytes(1);
        }
        return false;
    }

    private NetstringException fail(Reason reason, String message) {
        state = State.BAD;
        return new NetstringException(reason, message);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String describe(byte b) {
        int v = b & 0xff;
        return v >= 0x20 && v < 0x7f
                ? String.format("'%c' (0x%02x)", (char) v, v)
                : String.format("byte 0x%02x", v);
    }
}
