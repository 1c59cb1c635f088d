package io.evapi.proxy.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one {@code modparam} on a component of a module's parameter record (see {@link ModParams}).
 * A component without it is a parameter named after the component in snake_case, with an empty default
 * (a string parameter) or an empty list (a repeatable one); an integer parameter needs a default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param {

    /** The name in {@code modparam}; by default the component's name in snake_case ({@code bindAddr}: {@code bind_addr}). */
    String name() default "";

    /** The default, written as in a config: digits for an integer parameter, the text for a string one. */
    String defaultValue() default "";
}
