package io.evapi.proxy.spi;

/** Resolves the inner name of a pseudo-variable class at compile time: {@code msg} in {@code $evapi(msg)}. */
@FunctionalInterface
public interface PseudoVariableResolver {

    /**
     * @param innerName the name inside the parentheses, or null when the variable is written without them
     *                  ({@code $T_reply_code}); a class that needs a name throws for null
     * @throws ScriptConfigException for a name the class does not have
     */
    PseudoVariable resolve(String innerName) throws ScriptConfigException;
}
