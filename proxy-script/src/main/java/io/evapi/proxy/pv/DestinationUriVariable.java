package io.evapi.proxy.pv;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.sip.SipMessage;
import io.evapi.proxy.spi.ScriptRuntimeException;

/** {@code $du}: where the request goes next instead of its request URI; {@code $null} until set. */
final class DestinationUriVariable implements PseudoVariable {

    @Override
    public Object get(ScriptContext context) {
        SipMessage message = context.get(SipMessage.KEY);
        return message == null ? null : message.destinationUri();
    }

    @Override
    public boolean assignable() {
        return true;
    }

    /** Sets the destination; {@code $null} resets it, as in Kamailio. */
    @Override
    public void set(ScriptContext context, Object value) {
        SipMessage message = context.get(SipMessage.KEY);
        if (message == null) {
            throw new ScriptRuntimeException("cannot assign $du: no SIP message in this route");
        }
        if (value == null) {
            message.setDestinationUri(null);
            return;
        }
        String uri = value.toString();
        if (SipUri.parse(uri).host() == null) {
            throw new ScriptRuntimeException("cannot assign $du: '" + uri
                    + "' is not a SIP URI with a host (expected e.g. sip:10.0.0.1:5060)");
        }
        message.setDestinationUri(uri);
    }

    @Override
    public String toString() {
        return "$du";
    }
}
