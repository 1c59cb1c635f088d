package io.evapi.proxy.pv;

/**
 * The parts of a SIP URI that scripts read ({@code sip:user:password@host:port;params?headers}), taken from
 * text by scanning, without a full parse or a regular expression: the same rules serve {@code $rU},
 * {@code $rd}, {@code $rp}, {@code $fU}, ... and the {@code {uri.user}} / {@code {uri.host}} transformations.
 *
 * @param user the user part without password, or null when the URI has none
 * @param host the host (an IPv6 reference keeps its brackets), or null when the text is not a URI
 * @param port the port as written, or null when absent or not a number
 * @param hostStart where the host starts in the text it was parsed from (-1 when there is no host)
 */
public record SipUri(String user, String host, Integer port, int hostStart) {

    private static final SipUri NONE = new SipUri(null, null, null, -1);

    /**
     * The parts of a URI written alone, as Kamailio's URI parser takes it: no display name or angle brackets
     * (a name-addr yields no parts). A missing user part gives a null user.
     */
    public static SipUri parse(String text) {
        if (text == null) {
            return NONE;
        }
        int limit = text.length();
        int colon = text.indexOf(':');
        if (colon < 0 || !isScheme(text, colon)) {
            return NONE;
        }
        int start = colon + 1;
        int end = start;
        while (end < limit && ";? \t".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        if (colon == 3 && text.regionMatches(true, 0, "tel", 0, 3)) {
            // a tel URI has a number and no host; Kamailio reads the number as the user
            return new SipUri(text.substring(start, end), null, null, -1);
        }
        String user = null;
        int at = text.lastIndexOf('@', end - 1);
        if (at >= start) {
            int password = text.indexOf(':', start);
            user = text.substring(start, password >= start && password < at ? password : at);
            user = user.isEmpty() ? null : user;
            start = at + 1;
        }
        int hostEnd = end;
        Integer port = null;
        int portColon = hostPortColon(text, start, end);
        if (portColon >= 0) {
            hostEnd = portColon;
            port = number(text, portColon + 1, end);
        }
        if (hostEnd == start) {
            return new SipUri(user, null, port, -1);
        }
        return new SipUri(user, text.substring(start, hostEnd), port, start);
    }

    private static boolean isScheme(String text, int colon) {
        return colon == 3 && (text.regionMatches(true, 0, "sip", 0, 3) || text.regionMatches(true, 0, "tel", 0, 3))
                || colon == 4 && text.regionMatches(true, 0, "sips", 0, 4);
    }

    private static int hostPortColon(String text, int start, int end) {
        int from = start;
        if (start < end && text.charAt(start) == '[') {
            int close = text.indexOf(']', start);
            if (close < 0 || close >= end) {
                return -1;
            }
            from = close;
        }
        int colon = text.indexOf(':', from);
        return colon >= 0 && colon < end ? colon : -1;
    }

    private static Integer number(String text, int from, int to) {
        if (from >= to || to - from > 5) {
            return null;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
