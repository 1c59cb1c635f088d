package io.evapi.proxy.spi.sip;

/**
 * Kamailio's "myself": the addresses this proxy listens on ({@code listen=}) and its aliases ({@code alias=}).
 * The host offers it as a service ({@code host.service(LocalAddresses.class)}); the config language's
 * {@code uri == myself} and kex's {@code is_myself()} read it.
 */
public interface LocalAddresses {

    /**
     * Whether {@code host:port} names this proxy: a listen address on that port, or an alias (an alias without
     * a port matches any port). Hosts compare without regard to case; an IPv6 reference may keep its brackets.
     */
    boolean isLocal(String host, int port);

    /** Whether the IP address is one this proxy listens on, on any port ({@code src_ip == myself}). */
    boolean isLocalAddress(String ip);

    /**
     * Whether a SIP URI names this proxy: its host and port (5060 when none is written, 5061 for {@code sips:})
     * are local. False for text that is not a SIP URI.
     */
    boolean isLocalUri(String uri);
}
