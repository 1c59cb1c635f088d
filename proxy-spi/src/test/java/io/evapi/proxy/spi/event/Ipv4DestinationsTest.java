package io.evapi.proxy.spi.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class Ipv4DestinationsTest {

    @Test
    void anIpv4AddressOrANameGivesItsFirstIpv4Address() throws Exception {
        assertEquals(new InetSocketAddress("127.0.0.1", 8888), Ipv4Destinations.resolve("127.0.0.1", 8888));
        assertEquals(4, Ipv4Destinations.resolve("localhost", 8888).getAddress().getAddress().length);
    }

    @Test
    void ipv6IsRefusedAsInOpenSips() {
        for (String host : new String[] {"[::1]", "::1"}) {
            InvalidSocketException e = assertThrows(InvalidSocketException.class,
                    () -> Ipv4Destinations.resolve(host, 8888));
            assertTrue(e.getMessage().contains("IPv6 is not supported"), e.getMessage());
        }
    }

    @Test
    void aNameThatDoesNotResolveSaysSo() {
        InvalidSocketException e = assertThrows(InvalidSocketException.class,
                () -> Ipv4Destinations.resolve("no-such-host.invalid", 8888));
        assertEquals("host 'no-such-host.invalid' does not resolve", e.getMessage());
    }
}
