package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the listening channel, ahead of Netty's acceptor: gives each accepted connection its slot on the accept
 * thread, in the order connections were accepted, as Kamailio does; {@code evapi_unicast} then reaches the
 * application that connected first. Taking the slot later, when the connection becomes active on one of several
 * I/O threads, let a busy thread reorder clients and leave a connected client without a slot meanwhile.
 *
 * <p>A connection over {@code max_clients} is closed here, before any I/O thread spends anything on it.
 */
final class AcceptOrder extends ChannelInboundHandlerAdapter {
    /** The slot taken for an accepted channel, for its pipeline to pick up. */
    static final AttributeKey<ClientConnection> CONNECTION = AttributeKey.valueOf(AcceptOrder.class, "connection");

    private static final Logger LOG = LoggerFactory.getLogger(EvapiServer.class);

    private final ServerCore core;

    AcceptOrder(ServerCore core) {
        this.core = requireNonNull(core, "core");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        ClientConnection connection = claim(child);
        if (connection == null) {
            child.unsafe().closeForcibly(); // not registered with any event loop yet: close the socket itself
            return;
        }
        child.attr(CONNECTION).set(connection);
        ctx.fireChannelRead(child); // Netty's acceptor: the client's pipeline, its options, its I/O thread
        if (!child.isOpen()) {
            core.unregister(connection); // the acceptor could not hand it to an I/O thread
            return;
        }
        // Also frees the slot of a channel whose registration fails later, which never becomes active.
        child.closeFuture().addListener((ChannelFutureListener) f -> core.unregister(connection));
        connection.attach(); // ClientHandler does it too, in case this thread is descheduled before it gets here
    }

    private ClientConnection claim(Channel child) {
        try {
            return core.claim(child);
        } catch (RuntimeException e) {
            // Not passed on: Netty's acceptor would stop accepting for a second on any exception.
            LOG.error("evapi: cannot take a slot for {}, closing it", child, e);
            return null;
        }
    }
}
