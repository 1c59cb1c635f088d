package io.evapi.proxy.pv;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptContext;

/** {@code $avp(name)}: a value of the transaction's {@link AvpStore}; {@code $null} when unset. */
final class AvpVariable implements io.evapi.proxy.spi.MultiValuedVariable {
    private final String name;

    AvpVariable(String name) {
        this.name = requireNonNull(name, "name");
    }

    @Override
    public Object get(ScriptContext context) {
        AvpStore store = context.get(AvpStore.KEY);
        return store == null ? null : store.get(name);
    }

    @Override
    public java.util.List<Object> values(ScriptContext context) {
        AvpStore store = context.get(AvpStore.KEY);
        return store == null ? java.util.List.of() : store.values(name);
    }

    @Override
    public boolean assignable() {
        return true;
    }

    @Override
    public void set(ScriptContext context, Object value) {
        if (value == null && context.get(AvpStore.KEY) == null) {
            return;
        }
        AvpStore.of(context).add(name, value);
    }

    @Override
    public String toString() {
        return "$avp(" + name + ")";
    }
}
