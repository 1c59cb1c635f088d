package io.evapi.sip.engine;

import io.evapi.sip.engine.transaction.Branch;
import io.evapi.sip.engine.transaction.ProxyTransaction;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suspended transactions (t_suspend / t_continue): each one ends exactly once, by t_continue, by its fr_timer
 * (408, through the armed failure route), or by a CANCEL (487, and a later t_continue answers 1 without running).
 * The state change is a compare-and-set on the transaction, so racing continues and the timer cannot both win.
 */
final class Suspensions {
    private static final Logger LOG = LoggerFactory.getLogger(Suspensions.class);

    private final ProxyCore core;
    private final AtomicInteger count = new AtomicInteger();
    /** When each suspended transaction was suspended (System.nanoTime), for the age of the oldest. */
    private final java.util.concurrent.ConcurrentHashMap<ProxyTransaction, Long> since =
            new java.util.concurrent.ConcurrentHashMap<>();

    Suspensions(ProxyCore core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    int count() {
        return count.get();
    }

    /** Nanoseconds the transaction suspended the longest ago has waited; -1 when none is suspended. */
    long oldestAgeNanos() {
        long now = System.nanoTime();
        long oldest = -1;
        for (long t : since.values()) {
            oldest = Math.max(oldest, now - t);
        }
        return oldest;
    }

    /** Just suspended: 100 Trying for an INVITE, and the timer that ends the wait. */
    void suspended(ProxyTransaction tx) {
        count.incrementAndGet();
        since.put(tx, System.nanoTime());
        if (tx.isInvite()) {
            core.replyStateful(tx, 100, "Trying");
        }
        long millis = tx.frTimer(core.config.frTimerMillis());
        tx.suspendTimer(core.timers.schedule(() -> {
            expire(tx);
        }, millis));
        LOG.debug("{}: suspended for up to {} ms", tx, millis);
    }

    int resume(int index, int label, Consumer<RequestContext> route) {
        ProxyTransaction tx = core.table.find(index, label);
        if (tx == null) {
            return -1;
        }
        if (tx.canceled() && answeredAndAcknowledged(tx)) {
            // as Kamailio's t_continue: a transaction in its terminated phase (the caller ACKed the 487) is not found
            endCanceled(tx);
            return -1;
        }
        if (!tx.claimContinue()) {
            return -2;
        }
        ended(tx);
        if (tx.canceled() || tx.finalSent()) {
            core.finish(tx);
            return 1;
        }
        runThenDefault(tx, RequestContext.forResume(core, tx, 0), route, 500, "Server Internal Error");
        return 1;
    }

    /** A suspended transaction the caller CANCELed, now over: no t_continue will find it, its timer stops. */
    void endCanceled(ProxyTransaction tx) {
        if (tx.canceled() && tx.claimContinue()) {
            ended(tx);
            core.finish(tx);
        }
    }

    private static boolean answeredAndAcknowledged(ProxyTransaction tx) {
        javax.sip.TransactionState state = tx.server().getState();
        return state == javax.sip.TransactionState.CONFIRMED || state == javax.sip.TransactionState.TERMINATED;
    }

    /** Undoes a suspension (see {@link ProxyTransaction#releaseSuspension}); false when it ended already. */
    boolean release(int index, int label) {
        ProxyTransaction tx = core.table.find(index, label);
        if (tx == null || !tx.releaseSuspension()) {
            return false;
        }
        ended(tx);
        return true;
    }

    /** Times a suspended transaction out now, as its timer would (see {@link #expire}). */
    boolean expireNow(int index, int label) {
        ProxyTransaction tx = core.table.find(index, label);
        if (tx == null || !tx.suspended()) {
            return false;
        }
        return expire(tx);
    }

    /** Whether (index, label) names a live transaction that waits for t_continue or its timer. */
    boolean isSuspended(int index, int label) {
        ProxyTransaction tx = core.table.find(index, label);
        return tx != null && tx.suspended();
    }

    /** On the timer thread: claim the timeout, then hand the work to the failure workers. */
    private boolean expire(ProxyTransaction tx) {
        if (!tx.claimTimeout()) {
            return false;
        }
        ended(tx);
        try {
            core.failureWorkers.execute(() -> timedOut(tx));
        } catch (RejectedExecutionException e) {
            core.failureWorkRejected.incrementAndGet();
            core.replyStateful(tx, 408, "Request Timeout");
        }
        return true;
    }

    private void timedOut(ProxyTransaction tx) {
        if (tx.canceled() || tx.finalSent()) {
            core.finish(tx);
            return;
        }
        String failureRoute = tx.takeFailureRoute();
        LOG.info("{}: suspended transaction timed out{}", tx,
                failureRoute == null ? ", answering 408" : ", running failure_route[" + failureRoute + "]");
        if (failureRoute == null) {
            core.replyStateful(tx, 408, "Request Timeout");
            return;
        }
        runThenDefault(tx, RequestContext.forResume(core, tx, 408),
                ctx -> core.router.onFailure(failureRoute, ctx), 408, "Request Timeout");
    }

    /** Runs a route on the transaction; if it neither replied nor relayed, answers the default. */
    private void runThenDefault(ProxyTransaction tx, RequestContext ctx, Consumer<RequestContext> route,
            int code, String reason) {
        try {
            route.accept(ctx);
        } catch (RuntimeException e) {
            LOG.error("{}: route on a suspended transaction failed", tx, e);
            code = 500;
            reason = "Server Internal Error";
        }
        Branch branch = tx.activeBranch();
        if (!tx.finalSent() && !ctx.relayed() && (branch == null || branch.completed())) {
            core.replyStateful(tx, code, reason);
        } else if (tx.finalSent()) {
            core.finish(tx);
        }
    }

    private void ended(ProxyTransaction tx) {
        tx.cancelSuspendTimer();
        since.remove(tx);
        count.decrementAndGet();
    }
}
