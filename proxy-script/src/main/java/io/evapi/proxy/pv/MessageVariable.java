package io.evapi.proxy.pv;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.sip.SipMessage;
import java.util.function.Function;

/** A read-only variable over the run's {@link SipMessage}; {@code $null} in a run without one. */
final class MessageVariable implements PseudoVariable {
    private final String name;
    private final Function<SipMessage, Object> getter;

    MessageVariable(String name, Function<SipMessage, Object> getter) {
        this.name = requireNonNull(name, "name");
        this.getter = requireNonNull(getter, "getter");
    }

    @Override
    public Object get(ScriptContext context) {
        SipMessage message = context.get(SipMessage.KEY);
        return message == null ? null : getter.apply(message);
    }

    @Override
    public String toString() {
        return "$" + name;
    }
}
