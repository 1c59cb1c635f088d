package io.evapi.proxy.transform;

import io.evapi.proxy.pv.SipUri;

/** {@code {uri.user}} and {@code {uri.host}}: parts of a URI written alone, "" when the part is absent. */
final class UriTransformations {

    private UriTransformations() {
    }

    /** Fails ({@code null}) for a value that is not a sip, sips or tel URI, as Kamailio's parser does. */
    static Object part(Object v, boolean user) {
        if (!(v instanceof String s) || s.isEmpty()) {
            return null;
        }
        SipUri uri = SipUri.parse(s);
        boolean tel = s.regionMatches(true, 0, "tel:", 0, 4);
        if (uri.host() == null && !(tel && uri.user() != null)) {
            return null;
        }
        String part = user ? uri.user() : uri.host();
        return part == null ? "" : part;
    }
}
