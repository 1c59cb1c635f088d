package io.evapi.sip.engine.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.util.Locale;

/**
 * JAIN-SIP's message parser, keeping each request's bytes as they arrived ({@link ReceivedBytes}, the message's
 * application data) for checks that must see the wire (the sanity module), and letting through a request whose
 * CSeq method differs from its method: JAIN-SIP answers such a request 400 itself before any script runs, where
 * Kamailio routes it and {@code sanity_check} answers {@code 400 CSeq method does not match request method}. The
 * parsed request's CSeq method is set to the request's method for the stack's check, and the engine puts the
 * written one back ({@link ReceivedBytes#restoreCSeqMethod}) before the script runs, so the script and the
 * replies see the CSeq as it came.
 */
public final class ReceivedBytesParserFactory implements MessageParserFactory {
    private static final MessageParser PARSER = new Parser();

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return PARSER;
    }

    /**
     * The bytes of a request as received; {@code bodyIncluded} is false over TCP, where the body comes apart;
     * {@code cseqMethod} is the CSeq method as written when it differed from the request's method, else null.
     */
    public record ReceivedBytes(byte[] bytes, boolean bodyIncluded, String cseqMethod) {

        /** Puts back the CSeq method the request was written with, after the stack has let it through. */
        public static void restoreCSeqMethod(javax.sip.message.Request request) {
            if (request instanceof SIPRequest r && r.getApplicationData() instanceof ReceivedBytes raw
                    && raw.cseqMethod() != null && r.getCSeq() != null) {
                try {
                    r.getCSeq().setMethod(raw.cseqMethod());
                } catch (ParseException e) {
                    // not a token: keep the request's method
                }
            }
        }
    }

    private static final class Parser implements MessageParser {
        private final StringMsgParser delegate = new StringMsgParser();

        @Override
        public SIPMessage parseSIPMessage(byte[] msgBytes, boolean readBody, boolean strict,
                ParseExceptionListener listener) throws ParseException {
            SIPMessage message = delegate.parseSIPMessage(msgBytes, readBody, strict, listener);
            // a listener means the bytes came from the network; the stack re-parses its own copies without one
            if (listener != null && message instanceof SIPRequest request) {
                String written = null;
                if (request.getCSeq() != null && request.getMethod() != null
                        && !request.getMethod().equalsIgnoreCase(request.getCSeq().getMethod())) {
                    written = request.getCSeq().getMethod();
                    request.getCSeq().setMethod(request.getMethod().toUpperCase(Locale.ROOT));
                }
                request.setApplicationData(new ReceivedBytes(msgBytes, readBody, written));
            }
            return message;
        }
    }
}
