package io.evapi.core.netstring;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes each outbound buffer as one netstring frame; used by clients that send payloads one by one.
 *
 * <p>The payload is passed on as is, between a small header buffer and a shared comma, so it is never copied.
 */
@Sharable
public final class NetstringEncoder extends MessageToMessageEncoder<ByteBuf> {
    private static final ByteBuf COMMA =
            Unpooled.unreleasableBuffer(Unpooled.directBuffer(1, 1).writeByte(',').asReadOnly());

    public NetstringEncoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf payload, List<Object> out) {
        int length = payload.readableBytes();
        ByteBuf header = ctx.alloc().buffer(Netstrings.digitCount(length) + 1);
        Netstrings.writeHeader(header, length);
        out.add(header);
        out.add(payload.retain()); // the base class releases the message after encode()
        out.add(COMMA.duplicate());
    }
}
