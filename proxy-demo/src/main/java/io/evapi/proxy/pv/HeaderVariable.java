package io.evapi.proxy.pv;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptContext;
import java.util.Locale;
import java.util.Map;
import javax.sip.header.Header;

/**
 * {@code $hdr(Name)}: the body of the first header of that name, {@code $null} when there is none. Names
 * match without regard to case, and a compact form names its full header ({@code $hdr(f)} is the From
 * header), as in Kamailio. The name is resolved once, when the config compiles.
 */
final class HeaderVariable implements PseudoVariable {
    // RFC 3261 section 7.3.3 and later RFCs' compact forms, the ones Kamailio's header parser knows
    private static final Map<String, String> COMPACT = Map.ofEntries(Map.entry("i", "Call-ID"),
            Map.entry("m", "Contact"), Map.entry("e", "Content-Encoding"), Map.entry("l", "Content-Length"),
            Map.entry("c", "Content-Type"), Map.entry("f", "From"), Map.entry("s", "Subject"),
            Map.entry("k", "Supported"), Map.entry("t", "To"), Map.entry("v", "Via"), Map.entry("o", "Event"),
            Map.entry("r", "Refer-To"), Map.entry("u", "Allow-Events"), Map.entry("x", "Session-Expires"),
            Map.entry("b", "Referred-By"), Map.entry("y", "Identity"), Map.entry("a", "Accept-Contact"),
            Map.entry("j", "Reject-Contact"), Map.entry("d", "Request-Disposition"));

    private final String name;

    HeaderVariable(String name) {
        this.name = COMPACT.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }

    @Override
    public Object get(ScriptContext context) {
        SipMessage message = context.get(SipMessage.KEY);
        return message == null ? null : value(message.message().getHeader(name));
    }

    /** A header's body without its name; JAIN-SIP gives the header as it re-encodes it. */
    static String value(Header header) {
        if (header == null) {
            return null;
        }
        if (header instanceof gov.nist.javax.sip.header.SIPHeader sip) {
            return sip.getHeaderValue();
        }
        String text = header.toString();
        return text.substring(text.indexOf(':') + 1).trim();
    }

    @Override
    public String toString() {
        return "$hdr(" + name + ")";
    }
}
