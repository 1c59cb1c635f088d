package io.evapi.proxy.sip;

import io.evapi.proxy.pv.AvpStore;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.sip.engine.RequestContext;
import io.evapi.sip.engine.transaction.ProxyTransaction;

/** Suspends the transaction of a route run, keeping its $avp with it for the run that resumes it. */
public final class ScriptSuspension {

    private ScriptSuspension() {
    }

    /** Kamailio's t_suspend codes: 1 suspended, -1 no transaction or not possible, -3 already answered. */
    public static int suspend(ScriptContext run, RequestContext rc) {
        int code = rc.suspend();
        ProxyTransaction tx = rc.transaction();
        if (code == 1 && tx != null) {
            tx.attach(avps(run));
        }
        return code;
    }

    static AvpStore avps(ScriptContext run) {
        AvpStore store = run.get(AvpStore.KEY);
        if (store == null) {
            store = new AvpStore();
            run.put(AvpStore.KEY, store);
        }
        return store;
    }
}
