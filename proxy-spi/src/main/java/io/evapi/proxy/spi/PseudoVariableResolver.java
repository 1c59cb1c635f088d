package io.evapi.proxy.spi;

/** Resolves the inner name of a pseudo-variable class at compile time: {@code msg} in {@code $evapi(msg)}. */
@FunctionalInterface
public interface PseudoVariableResolver {

    /** @throws ScriptConfigException for a name the class does not have */
    PseudoVariable resolve(String innerName) throws ScriptConfigException;
}
