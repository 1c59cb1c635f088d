package io.evapi.sip.engine;

import io.evapi.sip.engine.routing.RoutingHeaders;
import io.evapi.sip.engine.stack.DestinationRouter;
import java.util.Objects;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.address.Hop;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stateless replies and forwarding (Kamailio sl_send_reply, forward, and replies without a transaction). */
final class StatelessOps {

    private static final Logger LOG = LoggerFactory.getLogger(StatelessOps.class);

    private final ProxyCore core;

    StatelessOps(ProxyCore core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    boolean reply(SipProvider provider, Request request, int code, String reason) {
        return reply(provider, request, code, reason, java.util.List.of());
    }

    boolean reply(SipProvider provider, Request request, int code, String reason,
            java.util.List<javax.sip.header.Header> extra) {
        try {
            provider.sendResponse(core.createResponse(code, reason, request, extra));
            return true;
        } catch (Exception e) {
            core.peerFaults.warn("stateless-reply",
                    "cannot send stateless {} to {}: {}", code, request.getMethod(), e.toString());
            return false;
        }
    }

    /** Forwards the context's request without a transaction, to $du or else by Route / R-URI. */
    boolean forward(RequestContext ctx) {
        Request out = (Request) ctx.request().clone();
        try {
            URI hopUri = RoutingHeaders.nextHopUri(out, ctx.destinationUri());
            String transport = RoutingHeaders.transportOf(hopUri);
            SipProvider provider = core.binding().providerFor(transport, ctx.provider());
            ListeningPoint lp = provider.getListeningPoint(transport);
            ViaHeader incoming = (ViaHeader) out.getHeader(ViaHeader.NAME);
            String branch = RoutingHeaders.statelessBranch(incoming == null ? null : incoming.getBranch(),
                    out.getMethod());
            out.addFirst(core.binding().headers.createViaHeader(lp.getIPAddress(), lp.getPort(), transport, branch));
            if (out.getHeader(MaxForwardsHeader.NAME) == null) {
                out.setHeader(core.binding().headers.createMaxForwardsHeader(70));
            }
            Hop hop = forcedHop(ctx.destinationUri(), transport);
            DestinationRouter.withHop(hop, () -> {
                provider.sendRequest(out);
                return null;
            });
            return true;
        } catch (Exception e) {
            core.peerFaults.warn("stateless-forward",
                    "cannot forward {} statelessly: {}", out.getMethod(), e.toString());
            return false;
        }
    }

    /** A response with no client transaction (e.g. a retransmitted 2xx): pop our Via, send to the next one. */
    void forwardResponse(Response response, SipProvider provider) {
        ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (top == null || !core.binding().isLocal(top.getHost(), top.getPort() > 0 ? top.getPort() : 5060)) {
            LOG.debug("dropping response {} not sent through us", response.getStatusCode());
            return;
        }
        Response up = (Response) response.clone();
        up.removeFirst(ViaHeader.NAME);
        ViaHeader next = (ViaHeader) up.getHeader(ViaHeader.NAME);
        if (next == null) {
            LOG.debug("dropping response {} with no Via left", response.getStatusCode());
            return;
        }
        try {
            core.binding().providerFor(next.getTransport(), provider).sendResponse(up);
            LOG.debug("response {} forwarded statelessly", response.getStatusCode());
        } catch (Exception e) {
            LOG.debug("cannot forward response {} statelessly: {}", response.getStatusCode(), e.toString());
        }
    }

    static Hop forcedHop(URI destination, String transport) {
        if (destination instanceof SipURI du) {
            return new gov.nist.javax.sip.stack.HopImpl(du.getHost(), RoutingHeaders.port(du), transport);
        }
        return null;
    }
}
