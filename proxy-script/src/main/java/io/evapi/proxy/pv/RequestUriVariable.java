package io.evapi.proxy.pv;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptRuntimeException;
import io.evapi.proxy.spi.sip.SipMessage;

/**
 * {@code $ru}, {@code $rU}, {@code $rd} and {@code $rp}: the request URI as the script has set it so far. As in
 * Kamailio they are {@code $null} while the message routed is a reply, a missing user or host reads as
 * {@code $null}, and a missing port reads as 5060 (5061 for {@code sips:}).
 */
final class RequestUriVariable implements PseudoVariable {

    enum Part { URI, USER, HOST, PORT }

    private final Part part;

    RequestUriVariable(Part part) {
        this.part = requireNonNull(part, "part");
    }

    @Override
    public Object get(ScriptContext context) {
        SipMessage message = context.get(SipMessage.KEY);
        if (message == null || message.isReply() || message.requestUri() == null) {
            return null;
        }
        String uri = message.requestUri();
        return switch (part) {
            case URI -> uri;
            case USER -> SipUri.parse(uri).user();
            case HOST -> SipUri.parse(uri).host();
            case PORT -> port(uri);
        };
    }

    @Override
    public boolean assignable() {
        return part != Part.PORT;
    }

    @Override
    public void set(ScriptContext context, Object value) {
        SipMessage message = context.get(SipMessage.KEY);
        if (message == null || message.isReply() || message.requestUri() == null) {
            throw new ScriptRuntimeException("cannot assign " + this + ": no request in this route");
        }
        String uri = message.requestUri();
        String text = value == null ? null : value.toString();
        String updated = switch (part) {
            case URI -> text;
            case USER -> UriRewrite.withUser(uri, text == null ? "" : text);
            case HOST -> text == null || text.isEmpty() ? null : UriRewrite.withHost(uri, text);
            case PORT -> throw new IllegalStateException("$rp is read-only");
        };
        if (updated == null || !UriRewrite.isUri(updated)) {
            throw new ScriptRuntimeException("cannot assign " + this + ": '" + text
                    + "' does not make a SIP URI (expected sip:, sips: or tel:)");
        }
        message.setRequestUri(updated);
    }

    private static Long port(String uri) {
        Integer port = SipUri.parse(uri).port();
        if (port != null) {
            return port.longValue();
        }
        return uri.regionMatches(true, 0, "sips:", 0, 5) ? 5061L : 5060L;
    }

    @Override
    public String toString() {
        return switch (part) {
            case URI -> "$ru";
            case USER -> "$rU";
            case HOST -> "$rd";
            case PORT -> "$rp";
        };
    }
}
