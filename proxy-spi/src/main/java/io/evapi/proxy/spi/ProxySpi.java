package io.evapi.proxy.spi;

/**
 * The version of this SPI. A module returns {@link #VERSION} from {@link ProxyModule#spiVersion()}: the
 * compiler copies the number into the module's own class, so the host can tell which SPI a module jar was
 * built against and refuse one built against another.
 */
public final class ProxySpi {

    /** Raised whenever a change to this artifact would break a module compiled against the previous one. */
    public static final int VERSION = 2;

    private ProxySpi() {
    }
}
