package io.evapi.proxy.pv;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.sip.SipMessage;

/**
 * {@code $hdr(Name)}: the body of the first header of that name, {@code $null} when there is none. Names
 * match without regard to case, and a compact form names its full header ({@code $hdr(f)} is the From
 * header), as in Kamailio (the SIP host resolves compact forms).
 */
final class HeaderVariable implements PseudoVariable {
    private final String name;

    HeaderVariable(String name) {
        this.name = name;
    }

    @Override
    public Object get(ScriptContext context) {
        SipMessage message = context.get(SipMessage.KEY);
        return message == null ? null : message.header(name);
    }

    @Override
    public String toString() {
        return "$hdr(" + name + ")";
    }
}
