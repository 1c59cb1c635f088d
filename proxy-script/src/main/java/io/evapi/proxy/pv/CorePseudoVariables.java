package io.evapi.proxy.pv;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.evapi.proxy.spi.ContextKey;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptRuntimeException;
import io.evapi.proxy.spi.sip.SipMessage;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pseudo-variables of Kamailio's {@code pv} module ({@link PvModule}), each resolved once, when the config
 * compiles, into a small object that reads its value straight from the run's {@link SipMessage} (the list and
 * their meaning are in {@code docs/proxy-demo.md}).
 *
 * <p>One instance serves one compiled config: it owns the {@code $var} slots of that config.
 */
public final class CorePseudoVariables {
    /** Every name this class resolves, for the module's exports. */
    public static final List<String> NAMES = List.of("var", "avp", "hdr", "ru", "rU", "rd", "rp", "du", "fu", "fU",
            "fd", "tu", "tU", "td", "ci", "cs", "rm", "rs", "rr", "si", "sp", "Ri", "Rp", "pr", "proto", "ua", "mb",
            "ml", "TS", "Ts", "mf", "bf");
    private static final ContextKey<Long> MESSAGE_TIME = ContextKey.of("pv.message-time", Long.class);

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
                // Kamailio takes the text in parentheses as the name, $var($var(x)) included: no dynamic names
                if (inner == null || inner.isEmpty()) {
                    throw new ScriptConfigException("$var needs a name: expected $var(name)");
                }
                return Optional.of(new ScriptVariable(vars, inner));
            case "avp":
                if (inner != null && inner.startsWith("$")) {
                    return Optional.of(dynamicAvp(inner));
                }
                return Optional.of(new AvpVariable(avpName(innerName(name, inner, true))));
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

    /** {@code $avp(s:name)} is {@code $avp(name)}, as in Kamailio. */
    private static String avpName(String inner) {
        return inner.startsWith("s:") ? inner.substring(2) : inner;
    }

    /** {@code $avp($var(x))}: the AVP named by the value of another variable of this module, read per access. */
    private PseudoVariable dynamicAvp(String inner) throws ScriptConfigException {
        int open = inner.indexOf('(');
        String innerName = open < 0 ? inner.substring(1) : inner.substring(1, open);
        String innerKey = open < 0 ? null : inner.endsWith(")") ? inner.substring(open + 1, inner.length() - 1) : null;
        if (innerName.isEmpty() || (open >= 0 && innerKey == null) || innerName.equals("avp")) {
            throw new ScriptConfigException("bad dynamic name in $avp(" + inner
                    + "): expected a variable such as $avp($var(name))");
        }
        PseudoVariable namer = resolve(innerName, innerKey).orElseThrow(() -> new ScriptConfigException(
                "$avp(" + inner + "): the dynamic name must be a variable of module pv, such as $var(name)"));
        return new PseudoVariable() {
            private String name(ScriptContext context) {
                Object v = namer.get(context);
                if (v == null || v.toString().isEmpty()) {
                    throw new ScriptRuntimeException("$avp(" + inner + "): the name is empty or $null");
                }
                return avpName(v.toString());
            }

            @Override
            public Object get(ScriptContext context) {
                return new AvpVariable(name(context)).get(context);
            }

            @Override
            public boolean assignable() {
                return true;
            }

            @Override
            public void set(ScriptContext context, Object value) {
                new AvpVariable(name(context)).set(context, value);
            }

            @Override
            public String toString() {
                return "$avp(" + inner + ")";
            }
        };
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
            case "TS" -> ctx -> System.currentTimeMillis() / 1000;
            case "Ts" -> CorePseudoVariables::messageTime;
            case "mf" -> new FlagsVariable(false);
            case "bf" -> new FlagsVariable(true);
            default -> null;
        };
    }

    /** {@code $Ts}: the time the run first asked for it, then the same for the rest of the run. */
    private static Object messageTime(ScriptContext context) {
        Long t = context.get(MESSAGE_TIME);
        if (t == null) {
            t = System.currentTimeMillis() / 1000;
            context.put(MESSAGE_TIME, t);
        }
        return t;
    }

    /** {@code $mf} / {@code $bf}: the message or first-branch flags as an unsigned 32-bit integer; assignable. */
    private record FlagsVariable(boolean branch) implements PseudoVariable {
        @Override
        public Object get(ScriptContext context) {
            SipMessage m = context.get(SipMessage.KEY);
            return m == null ? null : (Object) ((branch ? m.branchFlags() : m.flags()) & 0xffffffffL);
        }

        @Override
        public boolean assignable() {
            return true;
        }

        @Override
        public void set(ScriptContext context, Object value) {
            SipMessage m = context.get(SipMessage.KEY);
            if (m == null) {
                throw new ScriptRuntimeException("cannot assign " + this + ": no SIP message in this route");
            }
            int flags = value == null ? 0 : (int) io.evapi.proxy.script.ScriptValues.toLong(value);
            if (branch) {
                m.setBranchFlags(flags);
            } else {
                m.setFlags(flags);
            }
        }

        @Override
        public String toString() {
            return branch ? "$bf" : "$mf";
        }
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
