package io.evapi.proxy.spi;

import java.util.Optional;

/** One argument of a call site: a literal, a string with pseudo-variables, or an expression. */
public interface Argument {

    /** The value when it is known at compile time (a literal without pseudo-variables). */
    Optional<Object> constant();

    /**
     * The value as a string, as Kamailio's format-string parameters take it (xlog, sl_send_reply, evapi_relay,
     * append_hf, ...): pseudo-variables written inside a string literal are formatted; {@code $null} formats as
     * {@code "<null>"}.
     */
    String asString(ScriptContext context) throws ScriptRuntimeException;

    /**
     * The value as a string, as Kamailio's "string or variable" parameters take it (its {@code fixup_var_str},
     * e.g. {@code t_reply}'s reason): a string literal that starts with a pseudo-variable is the value of that
     * variable ({@code "$var(reason)"}); any other string literal is taken as written, without formatting
     * ({@code "Busy $var(x)"} stays as it is).
     */
    default String asStringOrVariable(ScriptContext context) throws ScriptRuntimeException {
        return asString(context);
    }

    /** The value as an integer; a numeric string converts, anything else is a run-time error. */
    long asLong(ScriptContext context) throws ScriptRuntimeException;

    /** The value as it is: {@code String}, {@code Long} or {@code null}. */
    Object value(ScriptContext context) throws ScriptRuntimeException;

    /**
     * The pseudo-variable this argument names, for output parameters such as {@code "$var(dst)"}: a string
     * argument holding exactly one pseudo-variable and nothing else.
     */
    Optional<PseudoVariable> target();
}
