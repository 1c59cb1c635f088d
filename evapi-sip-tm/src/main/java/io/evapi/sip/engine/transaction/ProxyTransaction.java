package io.evapi.sip.engine.transaction;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.message.Request;

/**
 * A proxy transaction: the upstream server transaction, its Kamailio-style ids, and the state the proxy core keeps
 * around it (active branch, armed routes, timer overrides). JAIN-SIP lets a second final response through, so
 * "final response sent" is a compare-and-set here, claimed before any final reply goes upstream.
 */
public final class ProxyTransaction {

    private final int index;
    private final int label;
    private final ServerTransaction server;
    private final SipProvider provider;
    /** Kept apart: the stack releases the server transaction's request once it is done with it. */
    private final String method;
    private final AtomicBoolean finalSent = new AtomicBoolean();
    private final AtomicReference<String> failureRoute = new AtomicReference<>();
    private final AtomicReference<Branch> activeBranch = new AtomicReference<>();
    private volatile String replyRoute;
    private volatile boolean canceled;
    private volatile long frTimerOverride;
    private volatile long frInvTimerOverride;
    private volatile Request relayedRequest;
    private final java.util.concurrent.atomic.AtomicInteger suspendState = new java.util.concurrent.atomic.AtomicInteger();
    private volatile javax.sip.address.URI savedDestination;
    private volatile Object attachment;
    private volatile java.util.concurrent.Future<?> suspendTimer;
    private volatile String branchRoute;
    private volatile int flags;
    private volatile int branchFlags;
    private volatile int lastStatusSent;
    private volatile Request receivedView;
    private volatile java.util.List<javax.sip.header.Header> replyHeaders;

    ProxyTransaction(int index, int label, ServerTransaction server, SipProvider provider) {
        this.index = index;
        this.label = label;
        this.server = Objects.requireNonNull(server, "server");
        this.provider = Objects.requireNonNull(provider, "provider");
        Request request = server.getRequest();
        this.method = request == null ? "?" : request.getMethod();
    }

    public int index() {
        return index;
    }

    public int label() {
        return label;
    }

    public ServerTransaction server() {
        return server;
    }

    /** The provider the request arrived on (replies and new branches prefer it). */
    public SipProvider provider() {
        return provider;
    }

    public boolean isInvite() {
        return Request.INVITE.equals(method);
    }

    /** Claims the right to send the one final response upstream; false if someone already did. */
    public boolean claimFinal() {
        return finalSent.compareAndSet(false, true);
    }

    public boolean finalSent() {
        return finalSent.get();
    }

    public void armFailureRoute(String name) {
        failureRoute.set(name);
    }

    /** The armed failure route, disarmed by taking it (Kamailio: a failure route must re-arm itself). */
    public String takeFailureRoute() {
        return failureRoute.getAndSet(null);
    }

    public String replyRoute() {
        return replyRoute;
    }

    public void armReplyRoute(String name) {
        this.replyRoute = name;
    }

    public Branch activeBranch() {
        return activeBranch.get();
    }

    public void setActiveBranch(Branch branch) {
        activeBranch.set(branch);
    }

    public boolean canceled() {
        return canceled;
    }

    public void markCanceled() {
        canceled = true;
    }

    /** t_set_fr: per-transaction timers in milliseconds (0 keeps the configured value). */
    public void overrideTimers(long frMillis, long frInvMillis) {
        this.frTimerOverride = Math.max(0, frMillis);
        this.frInvTimerOverride = Math.max(0, frInvMillis);
    }

    public long frTimer(long configured) {
        return frTimerOverride > 0 ? frTimerOverride : configured;
    }

    public long frInvTimer(long configured) {
        return frInvTimerOverride > 0 ? frInvTimerOverride : configured;
    }

    /**
     * The request as last relayed, our Via on top: the base of a failure or reply route, which works on a copy.
     * The client transaction holds the same object and only reads it once sent.
     */
    public Request relayedRequest() {
        return relayedRequest;
    }

    public void setRelayedRequest(Request request) {
        this.relayedRequest = request;
    }

    /** t_on_branch: the branch route run for each new branch before it is sent; null when none. */
    public String branchRoute() {
        return branchRoute;
    }

    public void armBranchRoute(String name) {
        this.branchRoute = name;
    }

    /** Whether t_on_failure armed a failure route that has not run yet ({@code t_is_set}). */
    public boolean failureRouteArmed() {
        return failureRoute.get() != null;
    }

    /** The script's message flags (setflag), kept with the transaction for its later routes. */
    public int flags() {
        return flags;
    }

    public void setFlags(int value) {
        this.flags = value;
    }

    /** The flags of the first branch (setbflag). */
    public int branchFlags() {
        return branchFlags;
    }

    public void setBranchFlags(int value) {
        this.branchFlags = value;
    }

    /** The status of the last reply sent upstream, 0 when none ({@code $T_reply_code} in request routes). */
    public int lastStatusSent() {
        return lastStatusSent;
    }

    public void statusSent(int status) {
        this.lastStatusSent = status;
    }

    /**
     * The request as the script reads it when its headers were edited (append_hf, remove_hf change what is
     * forwarded, not what the script reads, as Kamailio's lumps); null when they were not.
     */
    public Request receivedView() {
        return receivedView;
    }

    public void setReceivedView(Request request) {
        this.receivedView = request;
    }

    /** Headers the script added for the replies this proxy generates on the transaction; null when none. */
    public java.util.List<javax.sip.header.Header> replyHeaders() {
        return replyHeaders;
    }

    public void attachReplyHeaders(java.util.List<javax.sip.header.Header> headers) {
        this.replyHeaders = headers;
    }

    /** Key of this transaction in the {@link TransactionTable}. */
    public long key() {
        return TransactionTable.key(index, label);
    }

    @Override
    public String toString() {
        return "tx[" + index + ":" + label + " " + method + "]";
    }

    private static final int NOT_SUSPENDED = 0;
    private static final int SUSPENDED = 1;
    private static final int CONTINUED = 2;
    private static final int TIMED_OUT = 3;

    /** t_suspend: true once; the destination ($du) of the suspending run is kept for the resuming one. */
    public boolean markSuspended(javax.sip.address.URI destination) {
        if (!suspendState.compareAndSet(NOT_SUSPENDED, SUSPENDED)) {
            return false;
        }
        savedDestination = destination;
        return true;
    }

    /** Whether t_suspend ever ran on it: then t_continue, the timer or a CANCEL answers it, not the request run. */
    public boolean everSuspended() {
        return suspendState.get() != NOT_SUSPENDED;
    }

    /** Whether the transaction waits for t_continue or its timer. */
    public boolean suspended() {
        return suspendState.get() == SUSPENDED;
    }

    /** t_continue: exactly one caller wins, and only while the transaction is suspended. */
    public boolean claimContinue() {
        return suspendState.compareAndSet(SUSPENDED, CONTINUED);
    }

    /**
     * Undoes a suspension nobody will resume (its event reached no application): the transaction is as if
     * never suspended, so the request run that suspended it answers it. Wins only while it is suspended.
     */
    public boolean releaseSuspension() {
        return suspendState.compareAndSet(SUSPENDED, NOT_SUSPENDED);
    }

    /** The suspension timer: wins only while the transaction is suspended. */
    public boolean claimTimeout() {
        return suspendState.compareAndSet(SUSPENDED, TIMED_OUT);
    }

    public javax.sip.address.URI savedDestination() {
        return savedDestination;
    }

    /** Script data that travels with the transaction across a suspension ($avp). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    public void suspendTimer(java.util.concurrent.Future<?> timer) {
        this.suspendTimer = timer;
    }

    public void cancelSuspendTimer() {
        java.util.concurrent.Future<?> t = suspendTimer;
        if (t != null) {
            t.cancel(false);
        }
    }
}
