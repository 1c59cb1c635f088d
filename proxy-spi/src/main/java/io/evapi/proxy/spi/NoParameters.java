package io.evapi.proxy.spi;

/** The parameter record of a module that has no {@code modparam}. */
public record NoParameters() {
}
