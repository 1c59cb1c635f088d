package io.evapi.proxy.script;

import io.evapi.proxy.config.CoreSettings;
import io.evapi.proxy.pv.SipUri;
import io.evapi.proxy.spi.sip.LocalAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "myself" of a config: its {@code listen=} sockets (without any, the SIP host's default 127.0.0.1:5060) and
 * {@code alias=} names. As Kamailio's automatic aliases, a loopback listen address also answers to
 * {@code localhost} on its port.
 */
final class Myself implements LocalAddresses {
    private record HostPort(String host, int port) {
    }

    private final List<HostPort> addresses = new ArrayList<>();
    private final List<HostPort> aliases = new ArrayList<>();

    Myself(CoreSettings settings) {
        List<CoreSettings.Listen> listen = settings.listen().isEmpty()
                ? List.of(new CoreSettings.Listen("udp", "127.0.0.1", 5060)) : settings.listen();
        for (CoreSettings.Listen l : listen) {
            String host = normal(l.host());
            addresses.add(new HostPort(host, l.port()));
            if (host.equals("127.0.0.1") || host.equals("::1")) {
                aliases.add(new HostPort("localhost", l.port()));
            }
        }
        for (String alias : settings.aliases()) {
            aliases.add(parse(alias));
        }
    }

    private static HostPort parse(String alias) {
        String host = alias;
        int port = 0;
        int colon = alias.lastIndexOf(':');
        if (colon > 0 && !alias.endsWith("]") && alias.indexOf(':') == colon) {
            try {
                port = Integer.parseInt(alias.substring(colon + 1));
                host = alias.substring(0, colon);
            } catch (NumberFormatException e) {
                port = 0;
            }
        }
        return new HostPort(normal(host), port);
    }

    private static String normal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    @Override
    public boolean isLocal(String host, int port) {
        if (host == null) {
            return false;
        }
        String h = normal(host);
        for (HostPort a : addresses) {
            if (a.host().equals(h) && (port == 0 || a.port() == port)) {
                return true;
            }
        }
        for (HostPort a : aliases) {
            if (a.host().equals(h) && (port == 0 || a.port() == 0 || a.port() == port)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isLocalAddress(String ip) {
        return isLocal(ip, 0);
    }

    @Override
    public boolean isLocalUri(String uri) {
        SipUri parts = SipUri.parse(uri);
        if (parts.host() == null) {
            return false;
        }
        int port = parts.port() != null ? parts.port()
                : uri.regionMatches(true, 0, "sips:", 0, 5) ? 5061 : 5060;
        return isLocal(parts.host(), port);
    }
}
