package io.evapi.sip.engine;

import javax.sip.message.Response;

/**
 * The routing script's entry points (Kamailio's route blocks). Called on JAIN-SIP request threads (or, for a
 * timeout, on the engine's failure worker); implementations must not block for long.
 */
public interface SipRouter {

    /** request_route: every request from the network. */
    void onRequest(RequestContext ctx);

    /**
     * failure_route armed with {@link RequestContext#setFailureRoute}: the relayed branch got a negative final
     * reply or timed out (then {@link RequestContext#replyStatus()} is 408). The route may reply or relay again;
     * if it does neither, the negative reply goes upstream.
     */
    default void onFailure(String routeName, RequestContext ctx) {
    }

    /** onreply_route armed with {@link RequestContext#setReplyRoute}: every reply of the relayed branch but 100. */
    default void onReply(String routeName, RequestContext ctx, Response response) {
    }

    /**
     * A SIP-over-TCP connection closed, either side closing it (see
     * {@link io.evapi.sip.engine.stack.TcpCloseWatch}); on the connection's reader thread.
     */
    default void onTcpClosed(String peerAddress, int peerPort, String localAddress, int localPort) {
    }

    /**
     * branch_route armed with {@link RequestContext#setBranchRoute}: runs on each branch's copy of the request just
     * before it is sent; it may change headers and $du. Returns false when the route dropped the branch ({@code drop}),
     * which is then not sent.
     */
    default boolean onBranch(String routeName, RequestContext ctx) {
        return true;
    }
}
