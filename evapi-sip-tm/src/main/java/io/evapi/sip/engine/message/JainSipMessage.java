package io.evapi.sip.engine.message;

import io.evapi.proxy.spi.sip.SipMessage;
import java.util.Locale;
import java.util.Map;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderAddress;
import javax.sip.header.Parameters;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** The script's view ({@link SipMessage}) of a message JAIN-SIP parsed: what reads straight off the message. */
public abstract class JainSipMessage implements SipMessage {
    // RFC 3261 section 7.3.3 and later RFCs' compact forms, the ones Kamailio's header parser knows
    private static final Map<String, String> COMPACT = Map.ofEntries(Map.entry("i", "Call-ID"),
            Map.entry("m", "Contact"), Map.entry("e", "Content-Encoding"), Map.entry("l", "Content-Length"),
            Map.entry("c", "Content-Type"), Map.entry("f", "From"), Map.entry("s", "Subject"),
            Map.entry("k", "Supported"), Map.entry("t", "To"), Map.entry("v", "Via"), Map.entry("o", "Event"),
            Map.entry("r", "Refer-To"), Map.entry("u", "Allow-Events"), Map.entry("x", "Session-Expires"),
            Map.entry("b", "Referred-By"), Map.entry("y", "Identity"), Map.entry("a", "Accept-Contact"),
            Map.entry("j", "Reject-Contact"), Map.entry("d", "Request-Disposition"));

    /** The message being routed: the request in request and failure routes, the reply in onreply routes. */
    public abstract Message message();

    /** The transaction's request; may be null for a reply seen without its request. */
    public abstract Request request();

    @Override
    public boolean isReply() {
        return message() instanceof Response;
    }

    @Override
    public String method() {
        if (message() instanceof Request r) {
            return r.getMethod();
        }
        return message().getHeader(CSeqHeader.NAME) instanceof CSeqHeader cseq ? cseq.getMethod() : null;
    }

    @Override
    public String header(String name) {
        return value(message().getHeader(fullName(name)));
    }

    @Override
    public String addressUri(String headerName) {
        if (message().getHeader(fullName(headerName)) instanceof HeaderAddress h && h.getAddress() != null) {
            URI uri = h.getAddress().getURI();
            return uri == null ? null : uri.toString();
        }
        return null;
    }

    @Override
    public String addressParameter(String headerName, String parameter) {
        Header h = message().getHeader(fullName(headerName));
        return h instanceof HeaderAddress && h instanceof Parameters p ? p.getParameter(parameter) : null;
    }

    @Override
    public String text() {
        return message().toString();
    }

    /**
     * The request's bytes as they arrived, each byte one character (ISO-8859-1, so lengths are byte counts);
     * the re-encoded message when the stack did not keep them.
     */
    @Override
    public String receivedText() {
        if (message() instanceof Request r && r instanceof gov.nist.javax.sip.message.SIPMessage sip
                && sip.getApplicationData()
                        instanceof io.evapi.sip.engine.stack.ReceivedBytesParserFactory.ReceivedBytes raw) {
            String text = new String(raw.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!raw.bodyIncluded() && r.getRawContent() != null) {
                text += new String(r.getRawContent(), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            return text;
        }
        return text();
    }

    @Override
    public Integer replyStatus() {
        return message() instanceof Response r ? r.getStatusCode() : null;
    }

    @Override
    public String replyReason() {
        return message() instanceof Response r ? r.getReasonPhrase() : null;
    }

    private static String fullName(String name) {
        return name.length() == 1 ? COMPACT.getOrDefault(name.toLowerCase(Locale.ROOT), name) : name;
    }

    /** A header's body without its name; JAIN-SIP gives the header as it re-encodes it. */
    private static String value(Header header) {
        if (header == null) {
            return null;
        }
        if (header instanceof gov.nist.javax.sip.header.SIPHeader sip) {
            return sip.getHeaderValue();
        }
        String text = header.toString();
        return text.substring(text.indexOf(':') + 1).trim();
    }
}
