package io.evapi.proxy.pv;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.sip.SipMessage;
import java.util.Optional;
import java.util.function.Function;

/**
 * The core pseudo-variables of the config language, each resolved once, when the config compiles, into a
 * small object that reads its value straight from the run's {@link SipMessage} (see
 * {@code docs/_drafts/values.md} for the list and their meaning).
 *
 * <p>One instance serves one compiled config: it owns the {@code $var} slots of that config.
 */
public final class CorePseudoVariables {
    private final VarSlots vars = new VarSlots();

    /**
     * The core pseudo-variable {@code $name} or {@code $name(inner)}; empty when {@code name} is no core
     * variable.
     *
     * @param inner the text inside the parentheses, or null when there are none
     * @throws ScriptConfigException when a core variable is used with a missing, bad or needless inner name
     */
    public Optional<PseudoVariable> resolve(String name, String inner) throws ScriptConfigException {
        switch (name) {
            case "var":
                return Optional.of(new ScriptVariable(vars, innerName(name, inner, false)));
            case "avp":
                return Optional.of(new AvpVariable(innerName(name, inner, true)));
            case "hdr":
                return Optional.of(new HeaderVariable(headerName(inner)));
            default:
                break;
        }
        PseudoVariable simple = simple(name);
        if (simple != null && inner != null) {
            throw new ScriptConfigException("$" + name + " takes no name in parentheses, found $" + name + "("
                    + inner + ")");
        }
        return Optional.ofNullable(simple);
    }

    private static PseudoVariable simple(String name) {
        return switch (name) {
            case "ru" -> new RequestUriVariable(RequestUriVariable.Part.URI);
            case "rU" -> new RequestUriVariable(RequestUriVariable.Part.USER);
            case "rd" -> new RequestUriVariable(RequestUriVariable.Part.HOST);
            case "rp" -> new RequestUriVariable(RequestUriVariable.Part.PORT);
            case "du" -> new DestinationUriVariable();
            case "fu" -> read(name, m -> m.addressUri("From"));
            case "fU" -> read(name, m -> SipUri.parse(m.addressUri("From")).user());
            case "fd" -> read(name, m -> SipUri.parse(m.addressUri("From")).host());
            case "tu" -> read(name, m -> m.addressUri("To"));
            case "tU" -> read(name, m -> SipUri.parse(m.addressUri("To")).user());
            case "td" -> read(name, m -> SipUri.parse(m.addressUri("To")).host());
            case "ci" -> read(name, m -> m.header("Call-ID"));
            case "cs" -> read(name, m -> cseqNumber(m.header("CSeq")));
            case "rm" -> read(name, SipMessage::method);
            case "rs" -> read(name, m -> m.replyStatus() == null ? null : m.replyStatus().longValue());
            case "rr" -> read(name, SipMessage::replyReason);
            case "si" -> read(name, SipMessage::sourceAddress);
            case "sp" -> read(name, m -> (long) m.sourcePort());
            case "Ri" -> read(name, SipMessage::localAddress);
            case "Rp" -> read(name, m -> (long) m.localPort());
            case "pr", "proto" -> read(name, SipMessage::transport);
            case "ua" -> read(name, m -> m.header("User-Agent"));
            case "mb" -> read(name, SipMessage::text);
            case "ml" -> read(name, m -> (long) m.text().getBytes(UTF_8).length);
            default -> null;
        };
    }

    private static PseudoVariable read(String name, Function<SipMessage, Object> getter) {
        return new MessageVariable(name, getter);
    }

    /** {@code $cs}: the number of a CSeq header value such as {@code 314159 INVITE}. */
    private static Long cseqNumber(String cseq) {
        if (cseq == null) {
            return null;
        }
        int end = 0;
        String text = cseq.strip();
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        try {
            return end == 0 ? null : Long.parseLong(text.substring(0, end));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String innerName(String pvClass, String inner, boolean avp) throws ScriptConfigException {
        if (inner == null || inner.isEmpty()) {
            throw new ScriptConfigException("$" + pvClass + " needs a name: expected $" + pvClass + "(name)");
        }
        int start = avp && inner.length() > 2 && (inner.startsWith("s:") || inner.startsWith("i:")) ? 2 : 0;
        for (int i = start; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                throw new ScriptConfigException("bad name in $" + pvClass + "(" + inner
                        + "): expected letters, digits, '_', '-' or '.'");
            }
        }
        return inner;
    }

    private static String headerName(String inner) throws ScriptConfigException {
        if (inner == null || inner.isEmpty()) {
            throw new ScriptConfigException("$hdr needs a header name: expected $hdr(Name)");
        }
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            // RFC 3261 token characters
            if (!(c < 128 && (Character.isLetterOrDigit(c) || "-.!%*_+`'~".indexOf(c) >= 0))) {
                throw new ScriptConfigException("bad header name in $hdr(" + inner
                        + "): expected a SIP token such as X-Account");
            }
        }
        return inner;
    }
}
