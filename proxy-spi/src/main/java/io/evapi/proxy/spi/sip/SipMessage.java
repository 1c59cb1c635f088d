package io.evapi.proxy.spi.sip;

import io.evapi.proxy.spi.ContextKey;

/**
 * The SIP message a route run works on (Kamailio's {@code struct sip_msg}), attached to the run under
 * {@link #KEY} by the SIP host: the request in request, failure and branch routes, the reply in onreply
 * routes. The request URI ({@code $ru}) and the destination URI ({@code $du}) are kept as text, so a script
 * changes them before the request is forwarded without touching the received message.
 *
 * <p>A run belongs to one thread at a time; writes must be visible when a suspended transaction resumes on
 * another thread.
 */
public interface SipMessage {

    ContextKey<SipMessage> KEY = ContextKey.of("sip.message", SipMessage.class);

    /** Whether the message is a reply. */
    boolean isReply();

    /** {@code $rm}: the request's method, or for a reply the method of its CSeq. */
    String method();

    /**
     * The value of the first header of that name, without the name, or null when there is none. Names match
     * without regard to case; a compact form ({@code f}, {@code i}, ...) names its full header.
     */
    String header(String name);

    /** The URI of an address header ({@code From}, {@code To}, {@code Contact}, ...), or null. */
    String addressUri(String headerName);

    /** A parameter of an address header, such as the {@code tag} of {@code To}; null when absent. */
    String addressParameter(String headerName, String parameter);

    /** {@code $mb}: the whole message as text. */
    String text();

    /** {@code $ru}: starts as the request's URI; null in a run without a request. */
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

    /** {@code $rs}: the status code when the message is a reply, else the best reply so far, else null. */
    Integer replyStatus();

    /** {@code $rr}: the reason phrase when the message is a reply; null otherwise. */
    String replyReason();

    /**
     * The message as it arrived on the wire, before the SIP stack parsed it: what Kamailio's {@code sanity}
     * checks read (header order and duplicates, the CSeq method as written, the body length). By default the
     * message as re-encoded ({@link #text()}).
     */
    default String receivedText() {
        return text();
    }

    /**
     * The message flags ({@code setflag}, {@code $mf}): 32 bits, flag {@code n} is bit {@code n}. They stay with
     * the transaction once there is one, so failure, reply and resumed routes see what the request route set.
     */
    default int flags() {
        return 0;
    }

    /** Replaces the message flags. */
    default void setFlags(int flags) {
        throw new UnsupportedOperationException("this message keeps no flags");
    }

    /** The flags of the request's first branch ({@code setbflag}, {@code $bf}), kept as {@link #flags()} are. */
    default int branchFlags() {
        return 0;
    }

    /** Replaces the first branch's flags. */
    default void setBranchFlags(int flags) {
        throw new UnsupportedOperationException("this message keeps no branch flags");
    }
}
