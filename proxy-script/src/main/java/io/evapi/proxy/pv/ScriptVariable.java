package io.evapi.proxy.pv;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptContext;

/** {@code $var(name)}: a per-thread slot resolved when the config compiles (see {@link VarSlots}). */
final class ScriptVariable implements PseudoVariable {
    private final VarSlots slots;
    private final int slot;
    private final String name;

    ScriptVariable(VarSlots slots, String name) {
        this.slots = requireNonNull(slots, "slots");
        this.name = requireNonNull(name, "name");
        this.slot = slots.slot(name);
    }

    @Override
    public Object get(ScriptContext context) {
        return slots.get(slot);
    }

    @Override
    public boolean assignable() {
        return true;
    }

    @Override
    public void set(ScriptContext context, Object value) {
        slots.set(slot, value);
    }

    @Override
    public String toString() {
        return "$var(" + name + ")";
    }
}
