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

    /** {@code remove_hf}: removes every header of that name from the request; false when there was none. */
    boolean removeHeader(String name);
}
