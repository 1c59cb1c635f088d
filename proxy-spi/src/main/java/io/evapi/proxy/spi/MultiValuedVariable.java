package io.evapi.proxy.spi;

import java.util.List;

/**
 * A pseudo-variable that holds several values at once, such as {@code $avp(name)} (each assignment adds one):
 * a function that takes all of them (OpenSIPS's {@code raise_event} attrs and vals) finds it as an argument's
 * {@link Argument#target()}.
 */
public interface MultiValuedVariable extends PseudoVariable {

    /** Every value, newest first (the order in which OpenSIPS iterates an AVP); empty when unset. */
    List<Object> values(ScriptContext context);
}
