package io.evapi.proxy.script;

/** A compiled expression; immutable, evaluated by many threads at once. */
interface Eval {

    Object eval(Run run);

    /** True when the value is known at compile time. */
    default boolean constant() {
        return false;
    }
}
