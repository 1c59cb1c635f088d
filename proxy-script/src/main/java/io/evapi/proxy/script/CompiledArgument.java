package io.evapi.proxy.script;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptContext;
import java.util.Optional;

/** A function argument as the host compiled it. */
record CompiledArgument(Eval eval, PseudoVariable pv) implements Argument {

    @Override
    public Optional<Object> constant() {
        return eval.constant() ? Optional.ofNullable(eval.eval(null)) : Optional.empty();
    }

    @Override
    public String asString(ScriptContext context) {
        return ScriptValues.text(eval.eval((Run) context));
    }

    @Override
    public long asLong(ScriptContext context) {
        return ScriptValues.toLong(eval.eval((Run) context));
    }

    @Override
    public Object value(ScriptContext context) {
        return eval.eval((Run) context);
    }

    @Override
    public Optional<PseudoVariable> target() {
        return Optional.ofNullable(pv);
    }
}
