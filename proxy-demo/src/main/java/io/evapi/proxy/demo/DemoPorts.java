package io.evapi.proxy.demo;

/**
 * The loopback ports of the demo: the proxy's SIP port, its evapi port, and the demo callee's port. The
 * resources ({@code demo/demo.cfg}, {@code demo/routing.json}) are written for {@link #DEFAULTS}; {@link #apply}
 * moves them to other ports, so tests can run beside a demo that is up.
 */
public record DemoPorts(int sip, int evapi, int uas) {
    public static final DemoPorts DEFAULTS = new DemoPorts(5060, 8448, 5090);
    static final String HOST = "127.0.0.1";

    public DemoPorts {
        check("sip", sip);
        check("evapi", evapi);
        check("uas", uas);
        if (sip == evapi || sip == uas || evapi == uas) {
            throw new IllegalArgumentException("demo ports must differ: " + sip + ", " + evapi + ", " + uas);
        }
    }

    private static void check(String name, int port) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException(name + " port out of range: " + port);
        }
    }

    /** The text with each default {@code 127.0.0.1:PORT} moved to this record's port. */
    String apply(String text) {
        return text.replace(address(DEFAULTS.sip), address(sip))
                .replace(address(DEFAULTS.evapi), address(evapi))
                .replace(address(DEFAULTS.uas), address(uas));
    }

    private static String address(int port) {
        return HOST + ":" + port;
    }
}
