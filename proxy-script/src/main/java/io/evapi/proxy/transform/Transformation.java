package io.evapi.proxy.transform;

/**
 * One compiled transformation such as {@code {s.substr,1,2}}: a pure function of a script value, its
 * parameters checked when the config compiled, shared by every thread.
 *
 * <p>As in Kamailio, a transformation that cannot take its input (a {@code $null}, {@code {s.int}} of
 * {@code "abc"}, an offset past the end) fails the value: here that is {@code $null}, which the rest of a
 * chain passes on.
 */
@FunctionalInterface
public interface Transformation {

    /**
     * @param value {@code String}, {@code Long} or {@code null}
     * @return {@code String}, {@code Long} or {@code null}
     */
    Object apply(Object value);
}
