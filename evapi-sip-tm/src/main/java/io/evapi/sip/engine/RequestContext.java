package io.evapi.sip.engine;

import gov.nist.javax.sip.message.SIPRequest;
import io.evapi.proxy.spi.sip.RequestRouting;
import io.evapi.sip.engine.routing.RoutingHeaders;
import io.evapi.sip.engine.transaction.ProxyTransaction;
import java.text.ParseException;
import java.util.Locale;
import java.util.Objects;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.URI;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * One script execution on a request (request_route, failure_route or onreply_route): the request, where it came
 * from, $ru/$du, and the Kamailio tm/sl/rr/maxfwd functions, which the script modules reach through
 * {@link RequestRouting}. Used by one thread at a time.
 */
public final class RequestContext implements RequestRouting {

    /** Which route runs. */
    public enum Kind { REQUEST, FAILURE, REPLY }

    private final ProxyCore core;
    private final Kind kind;
    private final Request request;
    private final SipProvider provider;
    private final ServerTransaction eventTransaction;
    private final int replyStatus;
    private ProxyTransaction transaction;
    private boolean createdTransaction;
    private URI destinationUri;
    private boolean relayed;

    private RequestContext(ProxyCore core, Kind kind, Request request, SipProvider provider,
                           ServerTransaction eventTransaction, ProxyTransaction transaction, int replyStatus) {
        this.core = core;
        this.kind = kind;
        this.request = Objects.requireNonNull(request, "request");
        this.provider = provider;
        this.eventTransaction = eventTransaction;
        this.transaction = transaction;
        this.replyStatus = replyStatus;
    }

    static RequestContext forRequest(ProxyCore core, Request request, SipProvider provider, ServerTransaction st) {
        return new RequestContext(core, Kind.REQUEST, request, provider, st, null, 0);
    }

    static RequestContext forFailure(ProxyCore core, ProxyTransaction tx, int status) {
        Request base = tx.relayedRequest() != null ? tx.relayedRequest() : tx.server().getRequest();
        return new RequestContext(core, Kind.FAILURE, (Request) base.clone(), tx.provider(), null, tx, status);
    }

    static RequestContext forReply(ProxyCore core, ProxyTransaction tx, int status) {
        Request base = tx.relayedRequest() != null ? tx.relayedRequest() : tx.server().getRequest();
        return new RequestContext(core, Kind.REPLY, (Request) base.clone(), tx.provider(), null, tx, status);
    }

    /** A run of the route named by t_continue on a suspended transaction: failure-route type, request as kept. */
    static RequestContext forResume(ProxyCore core, ProxyTransaction tx, int status) {
        RequestContext ctx = new RequestContext(core, Kind.FAILURE, tx.server().getRequest(), tx.provider(), null, tx,
                status);
        ctx.destinationUri = tx.savedDestination();
        return ctx;
    }

    /**
     * t_suspend: keeps the transaction (created if needed) waiting for {@link SipEngine#resume} or its fr_timer; an
     * INVITE gets 100 Trying at once. Returns 1 suspended (or already canceled), -1 no transaction possible or
     * suspended already, -3 a final reply went out already (Kamailio's codes).
     */
    public int suspend() {
        ProxyTransaction tx = ensureTransaction();
        if (tx == null) {
            return -1;
        }
        if (tx.canceled()) {
            return 1;
        }
        if (tx.finalSent()) {
            return -3;
        }
        if (!tx.markSuspended(destinationUri)) {
            return -1;
        }
        core.suspensions.suspended(tx);
        return 1;
    }

    public Kind kind() {
        return kind;
    }

    /** The request; the script may change its headers (they go downstream on relay/forward). */
    public Request request() {
        return request;
    }

    public String method() {
        return request.getMethod();
    }

    public String sourceAddress() {
        SIPRequest r = (SIPRequest) request;
        return r.getPeerPacketSourceAddress() != null ? r.getPeerPacketSourceAddress().getHostAddress()
                : r.getRemoteAddress() == null ? null : r.getRemoteAddress().getHostAddress();
    }

    public int sourcePort() {
        SIPRequest r = (SIPRequest) request;
        return r.getPeerPacketSourcePort() > 0 ? r.getPeerPacketSourcePort() : r.getRemotePort();
    }

    /** Transport the request arrived over: udp or tcp. */
    public String transport() {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
    }

    public String localAddress() {
        return provider.getListeningPoint(transport()) != null
                ? provider.getListeningPoint(transport()).getIPAddress() : provider.getListeningPoint().getIPAddress();
    }

    public int localPort() {
        return provider.getListeningPoint(transport()) != null
                ? provider.getListeningPoint(transport()).getPort() : provider.getListeningPoint().getPort();
    }

    /** $ru. */
    public URI requestUri() {
        return request.getRequestURI();
    }

    public void setRequestUri(String uri) {
        request.setRequestURI(parse(uri));
    }

    /** $du: where relay/forward send the request instead of Route / R-URI; null when unset. */
    public URI destinationUri() {
        return destinationUri;
    }

    public void setDestinationUri(String uri) {
        destinationUri = uri == null ? null : parse(uri);
    }

    private URI parse(String uri) {
        try {
            return core.binding().addresses.createURI(uri);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a URI: " + uri, e);
        }
    }

    /** append_hf: adds a header (last of its name); an invalid one is refused with IllegalArgumentException. */
    @Override
    public void appendHeader(String name, String value) {
        try {
            request.addHeader(core.binding().headers.createHeader(name, value));
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad header " + name + ": " + value, e);
        }
    }

    /** remove_hf: removes every header of that name; false when there was none. */
    @Override
    public boolean removeHeader(String name) {
        boolean present = request.getHeader(name) != null;
        request.removeHeader(name);
        return present;
    }

    /** True when the request carries a To tag (an in-dialog request). */
    public boolean hasToTag() {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null;
    }

    /** t_newtran: creates the transaction if needed; false for ACK, a retransmission (absorbed) or a full table. */
    @Override
    public boolean newTransaction() {
        return ensureTransaction() != null;
    }

    ProxyTransaction ensureTransaction() {
        if (transaction != null || kind != Kind.REQUEST || Request.ACK.equals(method())) {
            return transaction;
        }
        transaction = core.transactions.create(this);
        createdTransaction = transaction != null;
        return transaction;
    }

    /** t_check_trans: for CANCEL, whether it matches an INVITE transaction of ours; else whether one exists. */
    @Override
    public boolean checkTransaction() {
        if (transaction != null) {
            return true;
        }
        if (Request.CANCEL.equals(method())) {
            return eventTransaction != null && CancelHandler.canceledTransaction(eventTransaction) != null;
        }
        return core.stackHasServerTransaction(request);
    }

    /** The transaction of this execution, or null. Its index/label stay valid until its final reply. */
    public ProxyTransaction transaction() {
        return transaction;
    }

    public int transactionIndex() {
        return transaction == null ? -1 : transaction.index();
    }

    public int transactionLabel() {
        return transaction == null ? -1 : transaction.label();
    }

    /** Replies statefully when a transaction exists (at most one final reply), else statelessly. */
    @Override
    public boolean reply(int code, String reason) {
        if (transaction != null) {
            return core.replyStateful(transaction, code, reason);
        }
        if (eventTransaction != null) {
            return core.replyOn(eventTransaction, code, reason);
        }
        if (kind != Kind.REQUEST || Request.ACK.equals(method())) {
            return false;
        }
        return core.stateless.reply(provider, request, code, reason);
    }

    /** sl_send_reply: stateless, unless a transaction exists (the stack refuses to bypass it): then stateful. */
    @Override
    public boolean slReply(int code, String reason) {
        return reply(code, reason);
    }

    /** t_relay: statefully to $du else Route / R-URI (creating the transaction); ACK goes statelessly; a CANCEL
     * cancels its INVITE transaction. */
    @Override
    public boolean relay() {
        if (Request.ACK.equals(method())) {
            return forward();
        }
        if (Request.CANCEL.equals(method()) && kind == Kind.REQUEST) {
            return core.cancels.relayCancel(this);
        }
        ProxyTransaction tx = ensureTransaction();
        relayed = tx != null && core.forwarder.relay(this, tx);
        return relayed;
    }

    /** Whether this run handed the request to a branch: that branch's outcome answers upstream, not the run. */
    boolean relayed() {
        return relayed;
    }

    /** forward(): stateless, to $du else Route / R-URI. */
    @Override
    public boolean forward() {
        return kind == Kind.REQUEST && core.stateless.forward(this);
    }

    @Override
    public void setFailureRoute(String name) {
        requireTransaction("setFailureRoute").armFailureRoute(name);
    }

    @Override
    public void setReplyRoute(String name) {
        requireTransaction("setReplyRoute").armReplyRoute(name);
    }

    /** t_set_fr: per-transaction fr_timer / fr_inv_timer in milliseconds (0 keeps the configured value). */
    @Override
    public void setFrTimers(long frMillis, long frInvMillis) {
        requireTransaction("setFrTimers").overrideTimers(frMillis, frInvMillis);
    }

    private ProxyTransaction requireTransaction(String what) {
        ProxyTransaction tx = ensureTransaction();
        if (tx == null) {
            throw new IllegalStateException(what + " needs a transaction, and " + method() + " has none");
        }
        return tx;
    }

    /** record_route: our Record-Route for the interface the request arrived on. */
    @Override
    public void recordRoute() {
        try {
            RoutingHeaders.addRecordRoute(request, new ListenPoint(transport(), localAddress(), localPort()),
                    core.binding().addresses, core.binding().headers);
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build Record-Route", e);
        }
    }

    /** loose_route: true when the request had a Route header (ours consumed; routing follows the rest). */
    @Override
    public boolean looseRoute() {
        return RoutingHeaders.looseRoute(request, core.binding()::isLocal);
    }

    /** mf_process_maxfwd_header(limit): false when Max-Forwards is 0 (the script answers 483). */
    @Override
    public boolean processMaxForwards(int limit) {
        try {
            return RoutingHeaders.processMaxForwards(request, limit, core.binding().headers)
                    != RoutingHeaders.MaxForwards.EXHAUSTED;
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalArgumentException("bad Max-Forwards limit " + limit, e);
        }
    }

    /** In a failure or reply route: the status that triggered it (408 for a timeout); 0 in request_route. */
    @Override
    public int replyStatus() {
        return replyStatus;
    }

    SipProvider provider() {
        return provider;
    }

    ServerTransaction eventTransaction() {
        return eventTransaction;
    }

    boolean createdTransaction() {
        return createdTransaction;
    }
}
