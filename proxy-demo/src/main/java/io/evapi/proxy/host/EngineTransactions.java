package io.evapi.proxy.host;

import io.evapi.proxy.pv.AvpStore;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.sip.Suspension;
import io.evapi.proxy.spi.sip.TransactionControl;
import io.evapi.proxy.spi.sip.TransactionId;
import io.evapi.sip.engine.RequestContext;
import io.evapi.sip.engine.SipEngine;
import io.evapi.sip.engine.transaction.ProxyTransaction;
import java.util.Optional;

/**
 * The SIP host's {@link TransactionControl}, offered to modules before the config loads and attached to the
 * engine once it runs; until then (and for a config only checked) nothing can be suspended.
 */
final class EngineTransactions implements TransactionControl {
    private volatile SipEngine engine;
    private volatile ScriptRouter router;

    void attach(SipEngine running, ScriptRouter scriptRouter) {
        this.router = scriptRouter;
        this.engine = running;
    }

    /** Suspends the run's transaction and keeps the run's $avp with it, for the route that resumes it. */
    @Override
    public Suspension suspend(ScriptContext run) {
        RequestContext rc = run.get(SipKeys.REQUEST);
        if (rc == null || engine == null) {
            return Suspension.failed(-1);
        }
        int code = rc.suspend();
        if (code != 1) {
            return Suspension.failed(code);
        }
        ProxyTransaction tx = rc.transaction();
        tx.attach(avps(run));
        return new Suspension(1, new TransactionId(tx.index(), tx.label()));
    }

    private static AvpStore avps(ScriptContext run) {
        AvpStore store = run.get(AvpStore.KEY);
        if (store == null) {
            store = new AvpStore();
            run.put(AvpStore.KEY, store);
        }
        return store;
    }

    @Override
    public boolean cancelSuspension(TransactionId id) {
        SipEngine e = engine;
        return e != null && e.releaseSuspension(id.index(), id.label());
    }

    @Override
    public boolean isSuspended(TransactionId id) {
        SipEngine e = engine;
        return e != null && e.isSuspended(id.index(), id.label());
    }

    @Override
    public boolean timeOut(TransactionId id) {
        SipEngine e = engine;
        return e != null && e.timeOutSuspension(id.index(), id.label());
    }

    @Override
    public int resume(long index, long label, String routeName) {
        SipEngine e = engine;
        ScriptRouter r = router;
        if (e == null || index < 0 || label < 0 || index > Integer.MAX_VALUE || label > Integer.MAX_VALUE) {
            return -1;
        }
        Optional<ScriptHost.Route> route = r.route(routeName);
        if (route.isEmpty()) {
            return -1;
        }
        return e.resume((int) index, (int) label, rc -> r.onResume(route.get(), rc));
    }

    @Override
    public TransactionId transactionId(ScriptContext run) {
        RequestContext rc = run.get(SipKeys.REQUEST);
        ProxyTransaction tx = rc == null ? null : rc.transaction();
        return tx == null ? null : new TransactionId(tx.index(), tx.label());
    }

    @Override
    public int suspendedCount() {
        SipEngine e = engine;
        return e == null ? 0 : e.suspendedTransactions();
    }

    @Override
    public java.util.OptionalLong oldestSuspensionAgeMillis() {
        SipEngine e = engine;
        long age = e == null ? -1 : e.oldestSuspensionAgeMillis();
        return age < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(age);
    }
}
