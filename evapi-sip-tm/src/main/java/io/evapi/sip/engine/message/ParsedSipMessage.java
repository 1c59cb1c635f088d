package io.evapi.sip.engine.message;

import static java.util.Objects.requireNonNull;

import gov.nist.core.CommonLogger;
import io.evapi.sip.engine.stack.Slf4jStackLogger;
import java.text.ParseException;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The script's view of a message parsed from text with JAIN-SIP's {@link MessageFactory} (which needs no SIP
 * stack), or of a message parsed already, with fixed transport data: for tests and tools that run routes
 * without a running engine.
 */
public final class ParsedSipMessage extends JainSipMessage {
    private static final String LOCAL_ADDRESS = "127.0.0.1";
    private static final int LOCAL_PORT = 5060;

    private final Message message;
    private final Request request;
    private final String sourceAddress;
    private final int sourcePort;
    private final String localAddress;
    private final int localPort;
    private final String transport;
    // written by the route run, read later perhaps by another thread when a suspended transaction resumes
    private volatile String requestUri;
    private volatile String destinationUri;
    private volatile int flags;
    private volatile int branchFlags;

    /**
     * Wraps a message already parsed.
     *
     * @param message the message being routed
     * @param request the transaction's request: {@code message} itself for a request, may be null for a
     *                reply seen without its request
     */
    public ParsedSipMessage(Message message, Request request, String sourceAddress, int sourcePort,
            String localAddress, int localPort, String transport) {
        this.message = requireNonNull(message, "message");
        this.request = request;
        this.sourceAddress = requireNonNull(sourceAddress, "sourceAddress");
        this.sourcePort = sourcePort;
        this.localAddress = requireNonNull(localAddress, "localAddress");
        this.localPort = localPort;
        this.transport = requireNonNull(transport, "transport");
        this.requestUri = request == null ? null : request.getRequestURI().toString();
    }

    /** A request or reply received over UDP on 127.0.0.1:5060 from {@code srcIp:srcPort}. */
    public static ParsedSipMessage parse(String text, String srcIp, int srcPort) throws ParseException {
        return parse(text, srcIp, srcPort, LOCAL_ADDRESS, LOCAL_PORT, "udp");
    }

    /**
     * A request or reply parsed from text; plain LF line ends are accepted. A reply parsed this way has no
     * request ({@code $ru} is null): use {@link #reply} to give it one.
     *
     * @throws ParseException when JAIN-SIP cannot parse the text
     */
    public static ParsedSipMessage parse(String text, String srcIp, int srcPort, String localIp, int localPort,
            String transport) throws ParseException {
        String sip = crlf(text);
        if (sip.startsWith("SIP/")) {
            return new ParsedSipMessage(Factory.MESSAGES.createResponse(sip), null, srcIp, srcPort, localIp,
                    localPort, transport);
        }
        Request request = Factory.MESSAGES.createRequest(sip);
        return new ParsedSipMessage(request, request, srcIp, srcPort, localIp, localPort, transport);
    }

    /**
     * A request received over UDP on 127.0.0.1:5060 from {@code srcIp:srcPort}.
     *
     * @throws ParseException when the text is not a SIP request
     */
    public static ParsedSipMessage request(String text, String srcIp, int srcPort) throws ParseException {
        Request request = Factory.MESSAGES.createRequest(crlf(text));
        return new ParsedSipMessage(request, request, srcIp, srcPort, LOCAL_ADDRESS, LOCAL_PORT, "udp");
    }

    /** A reply to {@code request} received over UDP on 127.0.0.1:5060, as an onreply route sees it. */
    public static ParsedSipMessage reply(String text, Request request, String srcIp, int srcPort)
            throws ParseException {
        Response response = Factory.MESSAGES.createResponse(crlf(text));
        return new ParsedSipMessage(response, requireNonNull(request, "request"), srcIp, srcPort, LOCAL_ADDRESS,
                LOCAL_PORT, "udp");
    }

    /** Test and tool input is often written with LF line ends; SIP wants CRLF, and a blank line after headers. */
    private static String crlf(String text) {
        String sip = text.replace("\r\n", "\n").replace("\n", "\r\n");
        return sip.contains("\r\n\r\n") ? sip : sip.endsWith("\r\n") ? sip + "\r\n" : sip + "\r\n\r\n";
    }

    @Override
    public Message message() {
        return message;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public String requestUri() {
        return requestUri;
    }

    @Override
    public void setRequestUri(String uri) {
        this.requestUri = uri;
    }

    @Override
    public String destinationUri() {
        return destinationUri;
    }

    @Override
    public void setDestinationUri(String uri) {
        this.destinationUri = uri;
    }

    @Override
    public String sourceAddress() {
        return sourceAddress;
    }

    @Override
    public int sourcePort() {
        return sourcePort;
    }

    @Override
    public String localAddress() {
        return localAddress;
    }

    @Override
    public int localPort() {
        return localPort;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public void setFlags(int value) {
        this.flags = value;
    }

    @Override
    public int branchFlags() {
        return branchFlags;
    }

    @Override
    public void setBranchFlags(int value) {
        this.branchFlags = value;
    }

    /** Holder: the factory is made on first use, not when the class is loaded. */
    private static final class Factory {
        static final MessageFactory MESSAGES = create();

        private static MessageFactory create() {
            if (CommonLogger.legacyLogger == null) {
                // without a stack, JAIN-SIP's parser logs its errors through log4j, which is not here
                CommonLogger.legacyLogger = new Slf4jStackLogger();
            }
            try {
                return SipFactory.getInstance().createMessageFactory();
            } catch (PeerUnavailableException e) {
                throw new IllegalStateException("JAIN-SIP message factory unavailable", e);
            }
        }
    }
}
