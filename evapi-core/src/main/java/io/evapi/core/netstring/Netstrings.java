package io.evapi.core.netstring;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/** Encodes whole netstring frames into one buffer, so an event is encoded once and shared by every receiver. */
public final class Netstrings {

    private Netstrings() {
    }

    /** The frame {@code LEN:payload,} for a UTF-8 payload; LEN counts bytes, not characters. */
    public static ByteBuf encode(ByteBufAllocator alloc, CharSequence payload) {
        int bytes = ByteBufUtil.utf8Bytes(payload);
        ByteBuf frame = alloc.buffer(frameLength(bytes));
        writeHeader(frame, bytes);
        ByteBufUtil.reserveAndWriteUtf8(frame, payload, bytes);
        frame.writeByte(',');
        return frame;
    }

    /** The frame {@code LEN:payload,} for the readable bytes of {@code payload}, which is not consumed. */
    public static ByteBuf encode(ByteBufAllocator alloc, ByteBuf payload) {
        int bytes = payload.readableBytes();
        ByteBuf frame = alloc.buffer(frameLength(bytes));
        writeHeader(frame, bytes);
        frame.writeBytes(payload, payload.readerIndex(), bytes);
        frame.writeByte(',');
        return frame;
    }

    /** Bytes taken on the wire by a frame with a payload of the given size. */
    public static int frameLength(int payloadLength) {
        return digitCount(payloadLength) + 1 + payloadLength + 1;
    }

    static void writeHeader(ByteBuf out, int payloadLength) {
        int digits = digitCount(payloadLength);
        int at = out.writerIndex();
        out.ensureWritable(digits + 1);
        int value = payloadLength;
        for (int i = digits - 1; i >= 0; i--) {
            out.setByte(at + i, '0' + value % 10);
            value /= 10;
        }
        out.setByte(at + digits, ':');
        out.writerIndex(at + digits + 1);
    }

    static int digitCount(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative length " + value);
        }
        int digits = 1;
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }
}
