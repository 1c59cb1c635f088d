package io.evapi.sip.engine.warmup;

import io.evapi.sip.engine.RequestContext;
import io.evapi.sip.engine.SipRouter;
import javax.sip.message.Response;

/** The private engine's router: the engine's own warm-up routes first, then the host's script for the rest. */
final class PhasedRouter implements SipRouter {
    private volatile SipRouter current;

    PhasedRouter(SipRouter first) {
        this.current = first;
    }

    void use(SipRouter next) {
        current = next;
    }

    @Override
    public void onRequest(RequestContext ctx) {
        current.onRequest(ctx);
    }

    @Override
    public void onFailure(String routeName, RequestContext ctx) {
        current.onFailure(routeName, ctx);
    }

    @Override
    public void onReply(String routeName, RequestContext ctx, Response response) {
        current.onReply(routeName, ctx, response);
    }

    @Override
    public boolean onBranch(String routeName, RequestContext ctx) {
        return current.onBranch(routeName, ctx);
    }
}
