package io.evapi.core.netstring;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes each outbound buffer as one netstring frame; used by clients that send payloads one by one. */
@Sharable
public final class NetstringEncoder extends MessageToByteEncoder<ByteBuf> {

    public NetstringEncoder() {
        super(ByteBuf.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ByteBuf msg, boolean preferDirect) {
        int size = Netstrings.frameLength(msg.readableBytes());
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf payload, ByteBuf out) {
        Netstrings.writeHeader(out, payload.readableBytes());
        out.writeBytes(payload);
        out.writeByte(',');
    }
}
