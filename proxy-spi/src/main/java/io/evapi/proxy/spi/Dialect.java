package io.evapi.proxy.spi;

/**
 * Which server's configs a module comes from. The config language is one, but Kamailio and OpenSIPS differ in
 * what is core: OpenSIPS has the pseudo-variables ({@code $avp}, {@code $rU}, ...) in its core where Kamailio has
 * them in module {@code pv}. A config that loads an {@link #OPENSIPS} module, or has OpenSIPS's
 * {@code startup_route} or {@code timer_route}, is read as an OpenSIPS config.
 */
public enum Dialect {
    /** In both servers, or this proxy's own. */
    BOTH,
    /** Only Kamailio has it. */
    KAMAILIO,
    /** Only OpenSIPS has it: loading it makes the config an OpenSIPS config. */
    OPENSIPS
}
