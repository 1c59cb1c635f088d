package io.evapi.proxy.host;

import io.evapi.proxy.spi.ContextKey;
import io.evapi.sip.engine.RequestContext;

/**
 * The engine's request context attached to a route run, for the host's own use (plugins see it as
 * {@link io.evapi.proxy.spi.sip.RequestRouting} and {@link io.evapi.proxy.spi.sip.SipMessage}).
 */
final class SipKeys {
    static final ContextKey<RequestContext> REQUEST = ContextKey.of("host.request-context", RequestContext.class);

    private SipKeys() {
    }
}
