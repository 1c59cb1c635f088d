package io.evapi.proxy.spi.sip;

import io.evapi.proxy.spi.ScriptContext;

/**
 * The transaction API of the SIP host, its counterpart of Kamailio's {@code load_tm_api}: a module suspends
 * the transaction of the current route run and later resumes it into a named route, from any thread. Found
 * with {@code host.service(TransactionControl.class)}; absent on a host that does not route SIP.
 */
public interface TransactionControl {

    /**
     * {@code t_suspend}: creates the run's transaction when it has none, then suspends it. Its {@code $avp}
     * and the changes made to the request so far stay with it. The transaction then ends by {@link #resume},
     * by CANCEL, or by its {@code fr_timer} (a 408 into the armed failure route).
     */
    Suspension suspend(ScriptContext run);

    /**
     * Undoes a suspension that could not be used (the event that should resume it reached nobody): the
     * transaction is no longer suspended, and the run that suspended it goes on and must answer it.
     *
     * @return true when it was still suspended and is now released
     */
    boolean cancelSuspension(TransactionId id);

    /**
     * {@code t_continue}: runs {@code route[routeName]} on the suspended transaction, as a failure route,
     * with the request, {@code $avp} and transaction as they were.
     *
     * @return 1 resumed (or the transaction was CANCELed meanwhile); -1 no live transaction with that id, or
     *         no such route; -2 it is not suspended any more (continued already, or timed out)
     */
    int resume(long index, long label, String routeName);

    /** Whether the transaction waits for {@link #resume} (or its timer) now. */
    boolean isSuspended(TransactionId id);

    /**
     * Ends the wait of a suspended transaction now, as its {@code fr_timer} would: a 408 through the armed
     * failure route (for when whoever was to resume it is known to be gone).
     *
     * @return true when it was suspended and now times out
     */
    boolean timeOut(TransactionId id);

    /** The id of the run's transaction, or null when the run has none. */
    TransactionId transactionId(ScriptContext run);

    /** How many transactions are suspended now. */
    int suspendedCount();

    /** How long the transaction suspended the longest ago has waited, in milliseconds; empty when none is. */
    default java.util.OptionalLong oldestSuspensionAgeMillis() {
        return java.util.OptionalLong.empty();
    }
}
