package io.evapi.sip.engine.warmup;

import io.evapi.sip.engine.ForwardingRouter;
import io.evapi.sip.engine.SipRouter;

/** The private engine's router: the engine's own warm-up routes first, then the host's script for the rest. */
final class PhasedRouter extends ForwardingRouter {
    private volatile SipRouter current;

    PhasedRouter(SipRouter first) {
        this.current = first;
    }

    void use(SipRouter next) {
        current = next;
    }

    @Override
    protected SipRouter delegate() {
        return current;
    }
}
