package io.evapi.proxy.pv;

/** Edits of a URI's text for assignments to {@code $rU} and {@code $rd}; parameters and headers stay. */
final class UriRewrite {

    private UriRewrite() {
    }

    /** Whether the text is a URI the proxy can route to: sip/sips with a host, or tel with a number. */
    static boolean isUri(String text) {
        SipUri parts = SipUri.parse(text);
        return parts.host() != null || parts.user() != null && text.regionMatches(true, 0, "tel:", 0, 4);
    }

    /** The URI with its user replaced (the password kept, as Kamailio does); an empty user removes it. */
    static String withUser(String uri, String user) {
        SipUri parts = SipUri.parse(uri);
        if (parts.hostStart() < 0) {
            return null;
        }
        int userStart = uri.indexOf(':') + 1;
        boolean hasUserInfo = parts.hostStart() > userStart;
        if (user.isEmpty()) {
            return uri.substring(0, userStart) + uri.substring(parts.hostStart());
        }
        if (!hasUserInfo) {
            return uri.substring(0, userStart) + user + "@" + uri.substring(userStart);
        }
        int at = parts.hostStart() - 1;
        int password = uri.indexOf(':', userStart);
        int userEnd = password >= 0 && password < at ? password : at;
        return uri.substring(0, userStart) + user + uri.substring(userEnd);
    }

    /** The URI with its host replaced; the port stays. */
    static String withHost(String uri, String host) {
        SipUri parts = SipUri.parse(uri);
        if (parts.hostStart() < 0) {
            return null;
        }
        int hostEnd = parts.hostStart() + parts.host().length();
        return uri.substring(0, parts.hostStart()) + host + uri.substring(hostEnd);
    }
}
