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
    public enum Kind { REQUEST, FAILURE, REPLY, BRANCH }

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
    /** Routes armed before the transaction exists; it takes them when created (Kamailio keeps them per message). */
    private String pendingFailureRoute;
    private String pendingReplyRoute;
    private String pendingBranchRoute;
    /** Message and first-branch flags until a transaction keeps them. */
    private int flags;
    private int branchFlags;
    private java.util.List<javax.sip.header.Header> replyHeaders = java.util.List.of();
    /** The request as received, once append_hf/remove_hf edited {@link #request}; the script reads this one. */
    private Request received;

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
        RequestContext ctx = new RequestContext(core, Kind.FAILURE, routeBase(tx), tx.provider(), null, tx, status);
        ctx.received = tx.receivedView();
        return ctx;
    }

    static RequestContext forReply(ProxyCore core, ProxyTransaction tx, int status) {
        RequestContext ctx = new RequestContext(core, Kind.REPLY, routeBase(tx), tx.provider(), null, tx, status);
        ctx.received = tx.receivedView();
        return ctx;
    }

    /** A copy of the request as last relayed, without our Via; as received when never relayed. */
    private static Request routeBase(ProxyTransaction tx) {
        Request relayed = tx.relayedRequest();
        if (relayed == null) {
            return (Request) tx.server().getRequest().clone();
        }
        Request copy = (Request) relayed.clone();
        copy.removeFirst(javax.sip.header.ViaHeader.NAME);
        return copy;
    }

    /** A run of the route named by t_continue on a suspended transaction: failure-route type, request as kept. */
    static RequestContext forResume(ProxyCore core, ProxyTransaction tx, int status) {
        RequestContext ctx = new RequestContext(core, Kind.FAILURE, tx.server().getRequest(), tx.provider(), null, tx,
                status);
        ctx.destinationUri = tx.savedDestination();
        ctx.received = tx.receivedView();
        return ctx;
    }

    /**
     * A run of the transaction's branch route on a branch about to be sent: {@code outgoing} is the branch's own
     * copy of the request, which the route may still change (headers, $du), as Kamailio's branch_route.
     */
    static RequestContext forBranch(ProxyCore core, ProxyTransaction tx, Request outgoing, URI destination) {
        RequestContext ctx = new RequestContext(core, Kind.BRANCH, outgoing, tx.provider(), null, tx, 0);
        ctx.destinationUri = destination;
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

    /**
     * The request as the script reads it ($hdr, is_present_hf): as received, without the headers append_hf added
     * and with those remove_hf removed, as Kamailio reads its message (its edits are lumps applied on sending).
     */
    public Request scriptView() {
        return received != null ? received : request;
    }

    /** Keeps the request as received before the first header edit. */
    private void keepReceivedView() {
        if (received == null) {
            received = (Request) request.clone();
            if (transaction != null && transaction.receivedView() == null) {
                transaction.setReceivedView(received);
            }
        }
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
            javax.sip.header.Header header = core.binding().headers.createHeader(name, value);
            keepReceivedView();
            request.addHeader(header);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad header " + name + ": " + value, e);
        }
    }

    /** remove_hf: removes every header of that name; false when there was none. */
    @Override
    public boolean removeHeader(String name) {
        boolean present = request.getHeader(name) != null;
        if (present) {
            keepReceivedView();
            request.removeHeader(name);
        }
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
        if (transaction != null) {
            // what the script set before the transaction existed goes with it
            if (pendingFailureRoute != null) {
                transaction.armFailureRoute(pendingFailureRoute);
            }
            if (pendingReplyRoute != null) {
                transaction.armReplyRoute(pendingReplyRoute);
            }
            if (pendingBranchRoute != null) {
                transaction.armBranchRoute(pendingBranchRoute);
            }
            transaction.setFlags(flags);
            transaction.setBranchFlags(branchFlags);
            if (received != null && transaction.receivedView() == null) {
                transaction.setReceivedView(received);
            }
            if (!replyHeaders.isEmpty()) {
                transaction.attachReplyHeaders(replyHeaders);
            }
        }
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
        if (kind == Kind.BRANCH) {
            return false; // a branch route cannot reply, as in Kamailio
        }
        if (transaction != null) {
            return core.replyStateful(transaction, code, reason, replyHeaders());
        }
        if (eventTransaction != null) {
            return core.replyOn(eventTransaction, code, reason, replyHeaders);
        }
        if (kind != Kind.REQUEST || Request.ACK.equals(method())) {
            return false;
        }
        return core.stateless.reply(provider, request, code, reason, replyHeaders);
    }

    private java.util.List<javax.sip.header.Header> replyHeaders() {
        return transaction != null && transaction.replyHeaders() != null ? transaction.replyHeaders() : replyHeaders;
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

    /** t_on_failure: armed on the transaction, or kept for the one t_relay (or t_newtran, ...) creates. */
    @Override
    public void setFailureRoute(String name) {
        if (transaction != null) {
            transaction.armFailureRoute(name);
        } else {
            pendingFailureRoute = name;
        }
    }

    @Override
    public void setReplyRoute(String name) {
        if (transaction != null) {
            transaction.armReplyRoute(name);
        } else {
            pendingReplyRoute = name;
        }
    }

    @Override
    public void setBranchRoute(String name) {
        if (transaction != null) {
            transaction.armBranchRoute(name);
        } else {
            pendingBranchRoute = name;
        }
    }

    @Override
    public boolean isRouteArmed(ArmedRoute route) {
        ProxyTransaction tx = transaction;
        return switch (route) {
            case FAILURE -> tx != null ? tx.failureRouteArmed() : pendingFailureRoute != null;
            case ONREPLY -> tx != null ? tx.replyRoute() != null : pendingReplyRoute != null;
            case BRANCH -> tx != null ? tx.branchRoute() != null : pendingBranchRoute != null;
        };
    }

    @Override
    public boolean transactionCanceled() {
        return transaction != null && transaction.canceled();
    }

    @Override
    public boolean hasTransaction() {
        return transaction != null;
    }

    @Override
    public int lastReplySent() {
        return transaction == null ? 0 : transaction.lastStatusSent();
    }

    /** append_to_reply and the sanity module's headers: added to the replies generated for this request. */
    @Override
    public void addReplyHeader(String name, String value) {
        javax.sip.header.Header header;
        try {
            header = core.binding().headers.createHeader(name, value);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad header " + name + ": " + value, e);
        }
        java.util.List<javax.sip.header.Header> all = new java.util.ArrayList<>(replyHeaders());
        all.add(header);
        replyHeaders = java.util.List.copyOf(all);
        if (transaction != null) {
            transaction.attachReplyHeaders(replyHeaders);
        }
    }

    /** setflag/resetflag: the message flags, kept with the transaction once there is one. */
    public int flags() {
        return transaction != null ? transaction.flags() : flags;
    }

    public void setFlags(int value) {
        flags = value;
        if (transaction != null) {
            transaction.setFlags(value);
        }
    }

    public int branchFlags() {
        return transaction != null ? transaction.branchFlags() : branchFlags;
    }

    public void setBranchFlags(int value) {
        branchFlags = value;
        if (transaction != null) {
            transaction.setBranchFlags(value);
        }
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
