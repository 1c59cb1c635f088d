package io.evapi.proxy.spi.sip;

import io.evapi.proxy.spi.ContextKey;

/**
 * What the routing functions do with the request of a route run: Kamailio's sl, tm, rr and maxfwd APIs and
 * the core's stateless forward. Attached to the run under {@link #KEY} by the SIP host; event routes have none.
 * Methods returning {@code boolean} report Kamailio's true/false.
 */
public interface RequestRouting {

    ContextKey<RequestRouting> KEY = ContextKey.of("sip.request-routing", RequestRouting.class);

    /** {@code sl_send_reply}: a stateless reply. */
    boolean slReply(int code, String reason);

    /** {@code t_reply}: a reply on the request's transaction, created when missing. */
    boolean reply(int code, String reason);

    /** {@code t_relay}: forwards statefully to {@code $du}, else {@code $ru}. */
    boolean relay();

    /** {@code forward}: forwards statelessly. */
    boolean forward();

    /** {@code t_newtran}. */
    boolean newTransaction();

    /** {@code t_check_trans}: whether the request belongs to a known transaction (retransmissions are absorbed). */
    boolean checkTransaction();

    /** {@code t_on_failure}: the failure route armed for the transaction. */
    void setFailureRoute(String routeName);

    /** {@code t_on_reply}: the onreply route armed for the transaction. */
    void setReplyRoute(String routeName);

    /** {@code t_set_fr}: the timers of this transaction in milliseconds; 0 keeps the default. */
    void setFrTimers(long frMillis, long frInvMillis);

    /** {@code record_route}. */
    void recordRoute();

    /** {@code loose_route}: true when the request was routed by its Route headers. */
    boolean looseRoute();

    /** {@code mf_process_maxfwd_header}: false (after a 483) when the request may not be forwarded. */
    boolean processMaxForwards(int limit);

    /** The status of the reply being handled or of the best reply received so far; 0 when none. */
    int replyStatus();

    /** {@code append_hf}: adds a header to the request that will be forwarded. */
    void appendHeader(String name, String value);

    /**
     * {@code remove_hf}: removes every header of that name from the request that will be forwarded; false when
     * there was none. As in Kamailio the script still reads the received headers ({@code $hdr}, {@code
     * is_present_hf}).
     */
    boolean removeHeader(String name);

    /** The route kinds {@link #setRoute} arms, as {@code t_is_set} names them. */
    enum ArmedRoute { FAILURE, ONREPLY, BRANCH }

    /**
     * {@code t_on_branch}: the branch route run for each branch the transaction sends, before it goes out. Kept
     * for the transaction to come when it does not exist yet, as {@code t_on_failure} and {@code t_on_reply}.
     */
    default void setBranchRoute(String routeName) {
        throw new UnsupportedOperationException("this host runs no branch routes");
    }

    /** {@code t_is_set}: whether a route of that kind is armed for the transaction (or the one to come). */
    default boolean isRouteArmed(ArmedRoute kind) {
        return false;
    }

    /** {@code t_is_canceled}: the request's transaction was canceled by the caller; false without a transaction. */
    default boolean transactionCanceled() {
        return false;
    }

    /** Whether the request has a transaction now ({@code t_newtran}, {@code t_relay}, ... created it). */
    default boolean hasTransaction() {
        return false;
    }

    /**
     * The status of the last reply the transaction sent upstream (Kamailio's {@code uas.status}, what
     * {@code $T_reply_code} reads in request and branch routes); 0 when none or without a transaction.
     */
    default int lastReplySent() {
        return 0;
    }

    /**
     * Adds a header to the replies this proxy generates for the request ({@code sl_send_reply}, {@code t_reply},
     * the sanity module's replies): Kamailio's reply lumps, e.g. {@code Unsupported: foo} with a 420.
     */
    default void addReplyHeader(String name, String value) {
        throw new UnsupportedOperationException("this host adds no reply headers");
    }
}
