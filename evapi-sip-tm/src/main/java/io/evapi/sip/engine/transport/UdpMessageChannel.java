package io.evapi.sip.engine.transport;

import gov.nist.core.CommonLogger;
import gov.nist.core.LogLevels;
import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.RawMessageChannel;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.ServerRequestInterface;
import gov.nist.javax.sip.stack.ServerResponseInterface;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import javax.sip.address.Hop;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One UDP peer as JAIN-SIP sees it: the channel a request arrived on (kept by its server transaction to answer) or
 * the one a message is sent towards. Immutable: each received datagram gets its own, so a transaction answered
 * later from another thread still answers the right peer.
 */
final class UdpMessageChannel extends MessageChannel implements RawMessageChannel {

    private static final StackLogger STACK_LOG = CommonLogger.getLogger(UdpMessageChannel.class);

    private final UdpMessageProcessor processor;
    private final InetAddress peerAddress;
    private final int peerPort;
    private final String peerProtocol;
    private final InetAddress sourceAddress;
    private final int sourcePort;
    private final long receptionTime;

    private UdpMessageChannel(UdpMessageProcessor processor, InetAddress peerAddress, int peerPort,
                              String peerProtocol, InetAddress sourceAddress, int sourcePort, long receptionTime) {
        this.messageProcessor = processor;
        this.processor = processor;
        this.peerAddress = peerAddress;
        this.peerPort = peerPort;
        this.peerProtocol = peerProtocol;
        this.sourceAddress = sourceAddress;
        this.sourcePort = sourcePort;
        this.receptionTime = receptionTime;
    }

    /** The channel of messages sent to host:port. */
    static UdpMessageChannel towards(UdpMessageProcessor processor, InetAddress host, int port) {
        return new UdpMessageChannel(processor, host, port, "UDP", host, port, 0L);
    }

    /**
     * Parses and processes the datagrams of one worker thread, as JAIN-SIP's UDP channel does: 400 to unparsable
     * requests (not ACK), 505 to other SIP versions, 400 to a CSeq method that is not the request's, Via
     * received/rport from the packet source, then the stack's transaction layer and the listener.
     */
    static final class Reader {
        private final UdpMessageProcessor processor;
        private final SIPTransactionStack stack;

        Reader(UdpMessageProcessor processor) {
            this.processor = processor;
            this.stack = processor.getSIPStack();
        }

        void process(UdpMessageProcessor.Inbound in) {
            long now = System.currentTimeMillis();
            SIPMessage message;
            try {
                message = stack.getMessageParserFactory().createMessageParser(stack)
                        .parseSIPMessage(in.data(), true, false, STRICT_CORE_HEADERS);
            } catch (ParseException e) {
                rejectUnparsable(in, e);
                return;
            }
            if (message == null) {
                return; // a keep-alive (CRLFs)
            }
            Via via = message.getTopmostVia();
            if (message.getFrom() == null || message.getTo() == null || message.getCallId() == null
                    || message.getCSeq() == null || via == null) {
                debug("dropping a message without From, To, Call-ID, CSeq or Via from ", in);
                return;
            }
            UdpMessageChannel channel;
            if (message instanceof SIPRequest request) {
                if (!answerBadRequest(request, in)) {
                    return;
                }
                Hop hop = stack.getAddressResolver().resolveAddress(via.getHop());
                String source = in.address().getHostAddress();
                boolean rport = via.hasParameter(Via.RPORT)
                        || (stack.isPatchRport() && via.getPort() != in.port());
                try {
                    if (rport || !hop.getHost().equals(source)) {
                        via.setParameter(Via.RECEIVED, source);
                    }
                    if (rport) {
                        via.setParameter(Via.RPORT, Integer.toString(in.port()));
                    }
                } catch (ParseException e) {
                    debug("cannot set received/rport: " + e.getMessage() + " from ", in);
                }
                channel = new UdpMessageChannel(processor, in.address(), hop.getPort(), via.getTransport(),
                        in.address(), in.port(), now);
            } else {
                channel = new UdpMessageChannel(processor, in.address(), in.port(), via.getTransport(),
                        in.address(), in.port(), now);
            }
            channel.processMessage(message);
        }

        /** False after answering a request the stack must not see (other SIP version, CSeq method mismatch). */
        private boolean answerBadRequest(SIPRequest request, UdpMessageProcessor.Inbound in) {
            String version = request.getRequestLine().getSipVersion();
            int status = 0;
            String reason = null;
            if (!"SIP/2.0".equals(version)) {
                status = Response.VERSION_NOT_SUPPORTED;
                reason = "Bad version " + version;
            } else if (!request.getMethod().equalsIgnoreCase(request.getCSeq().getMethod())) {
                status = Response.BAD_REQUEST;
                reason = "CSeq method does not match request method";
            }
            if (status == 0) {
                return true;
            }
            if (!Request.ACK.equals(request.getMethod())) {
                try {
                    processor.send(request.createResponse(status, reason).encodeAsBytes("UDP"), in.address(),
                            in.port());
                } catch (IOException | RuntimeException e) {
                    debug("cannot answer " + status + ": " + e + " to ", in);
                }
            }
            return false;
        }

        private void rejectUnparsable(UdpMessageProcessor.Inbound in, ParseException e) {
            String text = new String(in.data(), StandardCharsets.UTF_8);
            debug("unparsable (" + e.getMessage() + ") from ", in);
            if (text.startsWith("SIP/") || text.startsWith("ACK ")) {
                return;
            }
            UdpMessageChannel to = towards(processor, in.address(), in.port());
            String badRequest = to.createBadReqRes(text, e);
            if (badRequest != null) {
                try {
                    processor.send(badRequest.getBytes(StandardCharsets.UTF_8), in.address(), in.port());
                } catch (IOException | RuntimeException ex) {
                    debug("cannot answer 400: " + ex + " to ", in);
                }
            }
        }

        private static void debug(String what, UdpMessageProcessor.Inbound in) {
            if (STACK_LOG.isLoggingEnabled(LogLevels.TRACE_DEBUG)) {
                STACK_LOG.logDebug("UDP: " + what + in.address().getHostAddress() + ":" + in.port());
            }
        }
    }

    /** Parse errors in the headers a transaction needs are fatal; any other bad header is kept unparsed. */
    private static final ParseExceptionListener STRICT_CORE_HEADERS = (ex, message, headerClass, header, text) -> {
        if (headerClass != null && (headerClass.equals(From.class) || headerClass.equals(To.class)
                || headerClass.equals(CSeq.class) || headerClass.equals(Via.class) || headerClass.equals(CallID.class)
                || headerClass.equals(ContentLength.class) || headerClass.equals(RequestLine.class)
                || headerClass.equals(StatusLine.class))) {
            throw ex;
        }
        message.addUnparsed(header);
    };

    /** Hands a parsed message to the stack (also used by JAIN-SIP for messages it routes to itself). */
    @Override
    public void processMessage(SIPMessage message) {
        message.setRemoteAddress(peerAddress);
        message.setRemotePort(peerPort);
        message.setLocalPort(getPort());
        message.setLocalAddress(processor.getIpAddress());
        message.setPeerPacketSourceAddress(sourceAddress);
        message.setPeerPacketSourcePort(sourcePort);
        SIPTransactionStack stack = processor.getSIPStack();
        if (message instanceof SIPRequest request) {
            traceReceived(stack, message);
            ServerRequestInterface handler = stack.newSIPServerRequest(request, this);
            if (handler == null) {
                return; // a retransmission of a request still being processed (the stack answered 100), or a valve
            }
            if (handler instanceof SIPServerTransaction st && st.getState() == null) {
                shortenLinger(st, request.getMethod());
            }
            try {
                handler.processRequest(request, this);
            } finally {
                if (handler instanceof SIPTransaction tx && !tx.passToListener()) {
                    tx.releaseSem();
                }
            }
        } else {
            SIPResponse response = (SIPResponse) message;
            try {
                response.checkHeaders();
            } catch (ParseException e) {
                return;
            }
            traceReceived(stack, message);
            ServerResponseInterface handler = stack.newSIPServerResponse(response, this);
            if (handler == null) {
                return;
            }
            try {
                if (handler instanceof SIPClientTransaction ct && !ct.checkFromTag(response)) {
                    return;
                }
                handler.processResponse(response, this);
            } finally {
                if (handler instanceof SIPTransaction tx && !tx.passToListener()) {
                    tx.releaseSem();
                }
            }
        }
    }

    /**
     * A new non-INVITE server transaction stays {@code nonInviteLingerMillis} after its final reply instead of
     * JAIN-SIP's 32 s: its T1 only times Timer J (64*T1), as a non-INVITE server never retransmits on a timer.
     */
    private void shortenLinger(SIPServerTransaction st, String method) {
        if (Request.INVITE.equals(method) || Request.ACK.equals(method) || Request.CANCEL.equals(method)) {
            return;
        }
        try {
            st.setRetransmitTimer(Math.max(1, processor.nonInviteLingerMillis() / 64));
        } catch (IllegalStateException e) {
            // its timer runs already: a retransmission of a request we answered
        }
    }

    private void traceReceived(SIPTransactionStack stack, SIPMessage message) {
        if (STACK_LOG.isLoggingEnabled(ServerLogger.TRACE_MESSAGES)) {
            stack.getServerLogger().logMessage(message, getPeerHostPort().toString(),
                    getHost() + ":" + getPort(), false, receptionTime);
        }
    }

    @Override
    public void sendMessage(SIPMessage message) throws IOException {
        long time = System.currentTimeMillis();
        sendMessage(message.encodeAsBytes(getTransport()), peerAddress, peerPort, message instanceof SIPRequest);
        message.setRemoteAddress(peerAddress);
        message.setRemotePort(peerPort);
        message.setLocalPort(getPort());
        message.setLocalAddress(processor.getIpAddress());
        if (STACK_LOG.isLoggingEnabled(ServerLogger.TRACE_MESSAGES) && !message.isNullRequest()) {
            logMessage(message, peerAddress, peerPort, time);
        }
    }

    @Override
    protected void sendMessage(byte[] message, InetAddress address, int port, boolean reconnect) throws IOException {
        if (port == -1) {
            throw new IOException("Receiver port not set");
        }
        processor.send(message, address, port);
    }

    @Override
    public void close() {
        // nothing held: the socket belongs to the processor
    }

    @Override
    public SIPTransactionStack getSIPStack() {
        return processor.getSIPStack();
    }

    @Override
    public String getTransport() {
        return "UDP";
    }

    @Override
    public boolean isReliable() {
        return false;
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public String getPeerAddress() {
        return peerAddress.getHostAddress();
    }

    @Override
    protected InetAddress getPeerInetAddress() {
        return peerAddress;
    }

    @Override
    protected String getPeerProtocol() {
        return peerProtocol;
    }

    @Override
    public int getPeerPort() {
        return peerPort;
    }

    @Override
    public int getPeerPacketSourcePort() {
        return sourcePort;
    }

    @Override
    public InetAddress getPeerPacketSourceAddress() {
        return sourceAddress;
    }

    @Override
    public String getKey() {
        return getKey(peerAddress, peerPort, "UDP");
    }

    @Override
    public String getViaHost() {
        return processor.getSavedIpAddress();
    }

    @Override
    public int getViaPort() {
        return processor.getPort();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UdpMessageChannel that && getKey().equals(that.getKey());
    }

    @Override
    public int hashCode() {
        return getKey().hashCode();
    }
}
