package io.evapi.proxy.sip;

import io.evapi.proxy.spi.ContextKey;
import io.evapi.sip.engine.RequestContext;

/** The engine's request context attached to a route run, for the SIP functions. */
public final class SipKeys {
    public static final ContextKey<RequestContext> REQUEST = ContextKey.of("sip.request-context", RequestContext.class);

    private SipKeys() {
    }
}
