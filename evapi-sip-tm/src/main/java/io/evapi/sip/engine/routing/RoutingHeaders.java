package io.evapi.sip.engine.routing;

import io.evapi.sip.engine.ListenPoint;
import java.text.ParseException;
import java.util.ListIterator;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiPredicate;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

/** Route, Record-Route, Max-Forwards and branch handling of a proxy (RFC 3261 16.4, 16.6; Kamailio rr/maxfwd). */
public final class RoutingHeaders {

    /** Outcome of {@link #processMaxForwards}. */
    public enum MaxForwards { ADDED, DECREMENTED, EXHAUSTED }

    private RoutingHeaders() {
    }

    /**
     * Kamailio loose_route(): false when the request has no Route header. Otherwise removes the top Route when it
     * names us (twice for a double Record-Route) and returns true: routing follows the next Route or the R-URI.
     */
    public static boolean looseRoute(Request request, BiPredicate<String, Integer> isLocal) {
        if (request.getHeader(RouteHeader.NAME) == null) {
            return false;
        }
        for (int i = 0; i < 2; i++) {
            RouteHeader top = (RouteHeader) request.getHeader(RouteHeader.NAME);
            if (top == null || !(top.getAddress().getURI() instanceof SipURI uri) || !isLocal.test(uri.getHost(), port(uri))) {
                break;
            }
            removeTopRoute(request);
        }
        return true;
    }

    /** Rebuilds the Route list without its top entry (no empty Route header left behind). */
    private static void removeTopRoute(Request request) {
        java.util.List<RouteHeader> rest = new java.util.ArrayList<>();
        ListIterator<?> it = request.getHeaders(RouteHeader.NAME);
        if (it.hasNext()) {
            it.next();
        }
        while (it.hasNext()) {
            rest.add((RouteHeader) it.next());
        }
        request.removeHeader(RouteHeader.NAME);
        for (RouteHeader r : rest) {
            request.addHeader(r);
        }
    }

    /** Adds our Record-Route (the interface the request arrived on) on top. */
    public static void addRecordRoute(Request request, ListenPoint local, AddressFactory addresses,
                                      HeaderFactory headers) throws ParseException {
        SipURI uri = addresses.createSipURI(null, local.host());
        uri.setPort(local.port());
        if (!"udp".equals(local.transport())) {
            uri.setTransportParam(local.transport());
        }
        uri.setLrParam();
        Address address = addresses.createAddress(uri);
        RecordRouteHeader rr = headers.createRecordRouteHeader(address);
        try {
            request.addFirst(rr);
        } catch (javax.sip.SipException e) {
            throw new IllegalStateException("cannot add Record-Route", e);
        }
    }

    /** Kamailio maxfwd's max_limit default: a larger received value is lowered to it. */
    public static final int MAX_LIMIT = 256;

    /**
     * Kamailio mf_process_maxfwd_header(value): adds Max-Forwards {@code value} when absent, else decrements it
     * (first lowering it to {@link #MAX_LIMIT}); EXHAUSTED (left untouched) when it is already 0.
     */
    public static MaxForwards processMaxForwards(Request request, int limit, HeaderFactory headers)
            throws InvalidArgumentException {
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (mf == null) {
            request.setHeader(headers.createMaxForwardsHeader(limit));
            return MaxForwards.ADDED;
        }
        int value = mf.getMaxForwards();
        if (value <= 0) {
            return MaxForwards.EXHAUSTED;
        }
        mf.setMaxForwards(Math.min(value, MAX_LIMIT + 1) - 1);
        return MaxForwards.DECREMENTED;
    }

    /** The URI whose host, port and transport the next hop comes from: $du, else a top loose Route, else the R-URI. */
    public static URI nextHopUri(Request request, URI destination) {
        if (destination != null) {
            return destination;
        }
        RouteHeader top = (RouteHeader) request.getHeader(RouteHeader.NAME);
        if (top != null && top.getAddress().getURI() instanceof SipURI route && route.hasLrParam()) {
            return route;
        }
        return request.getRequestURI();
    }

    /** Transport named by a URI ({@code transport=} parameter), udp by default, lower case. */
    public static String transportOf(URI uri) {
        if (uri instanceof SipURI sip) {
            String t = sip.getTransportParam();
            if (t != null) {
                return t.toLowerCase(Locale.ROOT);
            }
            if (sip.isSecure()) {
                return "tls";
            }
        }
        return "udp";
    }

    public static int port(SipURI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 5060;
    }

    /** A fresh RFC 3261 branch for a stateful branch. */
    public static String newBranch() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "z9hG4bK" + Long.toHexString(r.nextLong() & Long.MAX_VALUE) + Long.toHexString(r.nextInt() & 0xffffffffL);
    }

    /** A stateless branch derived from the incoming one, so a retransmission is forwarded with the same branch. */
    public static String statelessBranch(String incomingBranch, String method) {
        long h = 1125899906842597L;
        String seed = (incomingBranch == null ? "" : incomingBranch) + "/" + method;
        for (int i = 0; i < seed.length(); i++) {
            h = 31 * h + seed.charAt(i);
        }
        return "z9hG4bKsl" + Long.toHexString(h & Long.MAX_VALUE);
    }
}
