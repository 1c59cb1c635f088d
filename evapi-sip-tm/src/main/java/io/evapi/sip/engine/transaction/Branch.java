package io.evapi.sip.engine.transaction;

import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sip.ClientTransaction;

/**
 * One downstream attempt of a {@link ProxyTransaction} (serial forking: one active at a time). Completion is a
 * compare-and-set so a final reply, our fr timer and the stack's own timeout settle it exactly once.
 */
public final class Branch {

    private final ProxyTransaction transaction;
    private final ClientTransaction client;
    private final AtomicBoolean completed = new AtomicBoolean();
    private final AtomicBoolean cancelSent = new AtomicBoolean();
    private volatile boolean provisional;
    private volatile ScheduledFuture<?> timer;

    public Branch(ProxyTransaction transaction, ClientTransaction client) {
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.client = Objects.requireNonNull(client, "client");
    }

    public ProxyTransaction transaction() {
        return transaction;
    }

    public ClientTransaction client() {
        return client;
    }

    /** Settles the branch; true only for the first caller. Stops its timer. */
    public boolean complete() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        return true;
    }

    public boolean completed() {
        return completed.get();
    }

    public boolean provisionalReceived() {
        return provisional;
    }

    public void markProvisional() {
        provisional = true;
    }

    /** Claims the one CANCEL this branch may send. */
    public boolean claimCancel() {
        return cancelSent.compareAndSet(false, true);
    }

    void replaceTimer(ScheduledFuture<?> next) {
        ScheduledFuture<?> previous = timer;
        timer = next;
        if (previous != null) {
            previous.cancel(false);
        }
        if (completed.get()) {
            next.cancel(false);
        }
    }
}
