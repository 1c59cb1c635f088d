package io.evapi.core.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.evapi.core.netstring.NetstringException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client's pipeline: connection-new, messages, framing errors, idleness, stalls, close.
 * What any client can cause at will is logged through the server's rate-limited warnings.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

    private final ServerCore core;
    private final ClientConnection connection;
    /** Set at a framing error: the stream is out of sync, so nothing after it is a message (event loop only). */
    private boolean inputBroken;
    private WriteStallWatch stallWatch;

    /** @param connection the slot taken for this channel when it was accepted */
    ClientHandler(ServerCore core, ClientConnection connection) {
        this.core = requireNonNull(core, "core");
        this.connection = requireNonNull(connection, "connection");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Visible to sends from now at the latest: the accept thread attaches it once Netty handed the channel
        // over, but may be descheduled before; nothing of this client is read, so answered, before this point.
        connection.attach();
        long timeout = core.config().sendDataTimeoutMillis();
        if (timeout > 0) {
            stallWatch = new WriteStallWatch(ctx.channel(), timeout, this::closeStalled);
            stallWatch.start();
        }
        connection.inbound().submit(() -> {
            core.fireConnectionNew(connection);
            if (connection.closeRequested()) {
                return;
            }
            connection.inbound().start();
        }, 0);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (inputBroken || !frame.isReadable()) {
                return; // bytes after a framing error, or an empty line in raw mode
            }
            core.counters().framesIn.increment();
            String message = frame.toString(UTF_8);
            ClientConnection c = connection;
            c.inbound().submit(() -> {
                if (!c.closeRequested()) {
                    core.fireMessage(c, message);
                }
            }, frame.readableBytes());
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ClientConnection c = connection;
        if (stallWatch != null) {
            stallWatch.stop();
        }
        core.unregister(c); // done already when the close completed; here for a channel that ends otherwise
        c.discardQueued();
        c.inbound().submit(() -> core.fireConnectionClosed(c), 0);
    }

    /**
     * {@code idle_timeout}: nothing read and nothing written for that long. A client whose reading the server
     * switched off (connection-new still running, listeners behind) had no chance to send: not idle.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent idle) || idle.state() != IdleState.ALL_IDLE) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        ClientConnection c = connection;
        if (!ctx.channel().config().isAutoRead() || !c.claimFaultClose()) {
            return;
        }
        core.warnings().warn("idle", "evapi client {}:{} (conidx {}) sent and was sent nothing for {} ms: closing it"
                + " (idle_timeout)", c.remoteAddress(), c.remotePort(), c.conidx(), core.config().idleTimeoutMillis());
        core.counters().idleClosed.increment();
        c.closeChannel();
    }

    private void closeStalled() {
        ClientConnection c = connection;
        if (!c.claimFaultClose()) {
            return;
        }
        core.warnings().warn("send-data-timeout", "evapi client {}:{} (conidx {}) made no write progress for {} ms"
                + " with {} bytes pending: closing (send_data_timeout)", c.remoteAddress(), c.remotePort(),
                c.conidx(), core.config().sendDataTimeoutMillis(), c.pendingBytes());
        core.counters().slowClosed.increment();
        c.closeChannel();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String who = connection.remoteAddress() + ":" + connection.remotePort() + " (conidx " + connection.conidx()
                + ")";
        if (cause instanceof NetstringException || cause instanceof TooLongFrameException
                || cause instanceof DecoderException) {
            if (inputBroken) {
                return;
            }
            // The line decoder resumes after an over-long line and decodes the rest at close: ignore all that.
            inputBroken = true;
            core.counters().badFrames.increment();
            String reason = cause instanceof NetstringException bad ? bad.reason().toString()
                    : cause instanceof TooLongFrameException ? "LINE_TOO_LONG" : "BAD_FRAME";
            // any client can send garbage at any rate: one line per reason per interval, with the count
            core.warnings().warn("bad-frame " + reason, "evapi client {} sent a bad frame ({}), closing it: {}",
                    who, reason, cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("evapi client {}: {}", who, cause.toString());
        } else {
            LOG.warn("evapi client {}: unexpected error, closing it", who, cause);
        }
        // Not close(): messages that arrived before the error are still delivered, in order.
        ctx.close();
    }
}
