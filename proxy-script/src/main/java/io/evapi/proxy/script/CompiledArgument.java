package io.evapi.proxy.script;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptContext;
import java.util.Optional;

/**
 * A function argument as the host compiled it.
 *
 * @param eval      the value; a string literal is formatted (Kamailio's format-string parameters)
 * @param pv        the pseudo-variable the argument names, for output parameters; null when none
 * @param varOrText Kamailio's "string or variable" reading: the leading pseudo-variable of a string literal,
 *                  or the literal's text as written
 */
record CompiledArgument(Eval eval, PseudoVariable pv, Eval varOrText) implements Argument {

    @Override
    public Optional<Object> constant() {
        return eval.constant() ? Optional.ofNullable(eval.eval(null)) : Optional.empty();
    }

    @Override
    public String asString(ScriptContext context) {
        return ScriptValues.text(eval.eval((Run) context));
    }

    @Override
    public String asStringOrVariable(ScriptContext context) {
        return ScriptValues.text(varOrText.eval((Run) context));
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
