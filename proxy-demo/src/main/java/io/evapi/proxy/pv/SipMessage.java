package io.evapi.proxy.pv;

import io.evapi.proxy.spi.ContextKey;
import javax.sip.message.Message;
import javax.sip.message.Request;

/**
 * The SIP data a route run works on, attached to the run under {@link #KEY}. The request URI ({@code $ru})
 * and the destination URI ({@code $du}) are kept here as text, so the script can change them before the
 * request is forwarded without touching the received message.
 *
 * <p>A route run belongs to one thread at a time; an implementation need not be thread-safe beyond making
 * writes visible when a suspended transaction resumes on another thread.
 */
public interface SipMessage {

    ContextKey<SipMessage> KEY = ContextKey.of("sip.message", SipMessage.class);

    /** The message being routed: the request in request and failure routes, the reply in onreply routes. */
    Message message();

    /** The request of the transaction. */
    Request request();

    /** {@code $ru}: starts as the request's URI; null when there is no request. */
    String requestUri();

    /** Sets {@code $ru}; later reads of {@code $ru}, {@code $rU}, {@code $rd}, {@code $rp} see it. */
    void setRequestUri(String uri);

    /** {@code $du}: null until set. */
    String destinationUri();

    /** Sets {@code $du}; null resets it. */
    void setDestinationUri(String uri);

    /** {@code $si}: the address the message came from. */
    String sourceAddress();

    /** {@code $sp}. */
    int sourcePort();

    /** {@code $Ri}: the local address the message arrived on. */
    String localAddress();

    /** {@code $Rp}. */
    int localPort();

    /** {@code $pr}: {@code udp} or {@code tcp}. */
    String transport();

    /** {@code $rs}: the reply's status code when {@link #message()} is a reply; null otherwise. */
    Integer replyStatus();

    /** {@code $rr}: the reply's reason phrase when {@link #message()} is a reply; null otherwise. */
    String replyReason();
}
