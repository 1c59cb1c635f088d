package io.evapi.sip.engine;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import io.evapi.log.RateLimitedLog;
import io.evapi.sip.engine.stack.SipStackBinding;
import io.evapi.sip.engine.transaction.FrTimers;
import io.evapi.sip.engine.transaction.ProxyTransaction;
import io.evapi.sip.engine.transaction.TransactionTable;
import java.text.ParseException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every part of the proxy shares: stack, router, transaction table, timers, and upstream replies. */
final class ProxyCore {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyCore.class);
    private static final int FAILURE_QUEUE = 1024;

    final SipEngineConfig config;
    final SipRouter router;
    final TransactionTable table;
    final FrTimers timers = new FrTimers("evapi-sip-fr-timer");
    final ExecutorService failureWorkers;
    final AtomicInteger failureWorkRejected = new AtomicInteger();
    final StatelessOps stateless = new StatelessOps(this);
    final StatefulForwarder forwarder = new StatefulForwarder(this);
    final BranchOutcomes outcomes = new BranchOutcomes(this);
    final CancelHandler cancels = new CancelHandler(this);
    final ServerTransactions transactions = new ServerTransactions(this);
    final Suspensions suspensions = new Suspensions(this);
    /** What peers cause at any rate (replies that cannot be sent, a full table): bounded lines with counts. */
    final RateLimitedLog peerFaults = new RateLimitedLog(LoggerFactory.getLogger("io.evapi.sip.engine.peers"),
            Duration.ofSeconds(10));
    private volatile SipStackBinding binding;

    ProxyCore(SipEngineConfig config, SipRouter router) {
        this.config = Objects.requireNonNull(config, "config");
        this.router = Objects.requireNonNull(router, "router");
        this.table = new TransactionTable(config.maxTransactions());
        AtomicInteger ids = new AtomicInteger();
        int workers = Math.max(2, config.threadPoolSize() / 4);
        // timeouts run failure routes here, off the timer thread; bounded, overflow counted and answered 408 inline
        this.failureWorkers = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(FAILURE_QUEUE), r -> {
                    Thread t = new Thread(r, "evapi-sip-failure-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    void attach(SipStackBinding stackBinding) {
        this.binding = stackBinding;
    }

    SipStackBinding binding() {
        return binding;
    }

    boolean attached() {
        return binding != null;
    }

    /** A response to {@code request} with a To tag (local replies create one, as Kamailio does). */
    Response createResponse(int code, String reason, Request request) throws ParseException {
        return createResponse(code, reason, request, java.util.List.of());
    }

    /** The same with headers the script asked for (Kamailio's reply lumps), added in order. */
    Response createResponse(int code, String reason, Request request, java.util.List<javax.sip.header.Header> extra)
            throws ParseException {
        Response response = binding.messages.createResponse(code, request);
        for (javax.sip.header.Header h : extra) {
            response.addHeader((javax.sip.header.Header) h.clone());
        }
        if (reason != null && !reason.isBlank()) {
            response.setReasonPhrase(reason);
        }
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (code > 100 && to != null && to.getTag() == null) {
            to.setTag(Integer.toHexString(request.getHeader("Call-ID").hashCode()) + "ev");
        }
        return response;
    }

    /**
     * Sends a locally generated reply on the transaction; a final one only if no final reply went upstream yet.
     * Upstream sends of one transaction hold its monitor, so a provisional never overtakes the final reply
     * (the reentrant listener may handle a 180 and its 200 on two threads at once).
     */
    boolean replyStateful(ProxyTransaction tx, int code, String reason) {
        return replyStateful(tx, code, reason, java.util.List.of());
    }

    boolean replyStateful(ProxyTransaction tx, int code, String reason, java.util.List<javax.sip.header.Header> extra) {
        try {
            synchronized (tx) {
                if (code >= 200 && !tx.claimFinal()) {
                    LOG.debug("{}: {} not sent, a final reply already went upstream", tx, code);
                    return false;
                }
                if (code < 200 && tx.finalSent()) {
                    return false;
                }
                tx.server().sendResponse(createResponse(code, reason, tx.server().getRequest(), extra));
                tx.statusSent(code);
                return true;
            }
        } catch (SipException | ParseException | javax.sip.InvalidArgumentException | RuntimeException e) {
            peerFaults.warn("reply-upstream", "{}: cannot send {} upstream: {}", tx, code, e.toString());
            return false;
        } finally {
            if (code >= 200) {
                finish(tx);
            }
        }
    }

    /** Relays a downstream provisional reply upstream unless a final reply already went. */
    void relayProvisionalUpstream(ProxyTransaction tx, Response downstream) {
        synchronized (tx) {
            if (!tx.finalSent()) {
                relayUpstream(tx, downstream);
            }
        }
    }

    /**
     * Relays a downstream final reply upstream if it is the first final one; a 2xx to an INVITE goes up even after
     * another final reply (RFC 3261 16.7 step 5). Finishes the transaction.
     */
    void relayFinalUpstream(ProxyTransaction tx, Response downstream) {
        synchronized (tx) {
            boolean first = tx.claimFinal();
            if (first || (tx.isInvite() && downstream.getStatusCode() < 300)) {
                relayUpstream(tx, downstream);
            }
        }
        finish(tx);
    }

    /** Sends a reply on a bare server transaction (one the stack made, e.g. for a CANCEL). */
    boolean replyOn(ServerTransaction st, int code, String reason) {
        return replyOn(st, code, reason, java.util.List.of());
    }

    boolean replyOn(ServerTransaction st, int code, String reason, java.util.List<javax.sip.header.Header> extra) {
        try {
            st.sendResponse(createResponse(code, reason, st.getRequest(), extra));
            return true;
        } catch (SipException | ParseException | javax.sip.InvalidArgumentException | RuntimeException e) {
            peerFaults.warn("reply", "cannot send {} to {}: {}", code, st.getRequest().getMethod(), e.toString());
            return false;
        }
    }

    /** Relays a downstream response upstream on the transaction (our Via removed). */
    private boolean relayUpstream(ProxyTransaction tx, Response downstream) {
        Response up = (Response) downstream.clone();
        up.removeFirst("Via");
        try {
            tx.server().sendResponse(up);
            tx.statusSent(downstream.getStatusCode());
            return true;
        } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            peerFaults.warn("relay-upstream",
                    "{}: cannot relay {} upstream: {}", tx, downstream.getStatusCode(), e.toString());
            return false;
        }
    }

    /** The transaction is done for the table (final reply sent); late replies still reach it via the branch. */
    void finish(ProxyTransaction tx) {
        if (tx.suspended()) {
            return; // stays findable for t_continue (which then answers 1) until continued or timed out
        }
        table.remove(tx);
    }

    /** t_check_trans for a plain request: does the stack hold a server transaction matching it? */
    boolean stackHasServerTransaction(Request request) {
        return ((SIPTransactionStack) binding.stackForLookups()).findTransaction((SIPRequest) request, true) != null;
    }

    void close() {
        timers.close();
        failureWorkers.shutdownNow();
    }
}
