package io.evapi.sip.engine.stack;

import gov.nist.javax.sip.stack.DefaultRouter;
import java.util.ListIterator;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.message.Request;

/**
 * The stack's next-hop router: RFC 3261 routing (Route set, then Request-URI) unless the calling thread forces a
 * hop, which is how a destination URI ($du) is honoured without putting it on the wire. The stack asks for the
 * hop synchronously inside {@code getNewClientTransaction} and stateless {@code sendRequest}, so a thread-local
 * scoped around those calls is enough.
 */
public final class DestinationRouter implements Router {

    private static final ThreadLocal<Hop> FORCED = new ThreadLocal<>();

    private final DefaultRouter rfc3261;

    /** Called by JAIN-SIP through {@code javax.sip.ROUTER_PATH}. */
    public DestinationRouter(SipStack stack, String outboundProxy) {
        this.rfc3261 = new DefaultRouter(stack, outboundProxy);
    }

    /** Runs {@code action} with every next-hop lookup of this thread answered by {@code hop} (null: RFC routing). */
    public static <T> T withHop(Hop hop, SipCall<T> action) throws SipException {
        if (hop == null) {
            return action.call();
        }
        FORCED.set(hop);
        try {
            return action.call();
        } finally {
            FORCED.remove();
        }
    }

    /** A stack call that may throw {@link SipException}. */
    @FunctionalInterface
    public interface SipCall<T> {
        T call() throws SipException;
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        Hop forced = FORCED.get();
        return forced != null ? forced : rfc3261.getNextHop(request);
    }

    @Override
    public Hop getOutboundProxy() {
        return rfc3261.getOutboundProxy();
    }

    @Override
    @SuppressWarnings({"rawtypes", "deprecation"})
    public ListIterator getNextHops(Request request) {
        return rfc3261.getNextHops(request);
    }
}
