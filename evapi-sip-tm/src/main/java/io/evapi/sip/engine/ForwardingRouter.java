package io.evapi.sip.engine;

import javax.sip.message.Response;

/** A router that hands every callback to the router {@link #delegate()} names at that moment. */
public abstract class ForwardingRouter implements SipRouter {

    protected abstract SipRouter delegate();

    @Override
    public void onRequest(RequestContext ctx) {
        delegate().onRequest(ctx);
    }

    @Override
    public void onFailure(String routeName, RequestContext ctx) {
        delegate().onFailure(routeName, ctx);
    }

    @Override
    public void onReply(String routeName, RequestContext ctx, Response response) {
        delegate().onReply(routeName, ctx, response);
    }

    @Override
    public void onTcpClosed(String peerAddress, int peerPort, String localAddress, int localPort) {
        delegate().onTcpClosed(peerAddress, peerPort, localAddress, localPort);
    }

    @Override
    public boolean onBranch(String routeName, RequestContext ctx) {
        return delegate().onBranch(routeName, ctx);
    }
}
