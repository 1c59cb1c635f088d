package io.evapi.proxy.modules.sip;

import io.evapi.proxy.modules.sip.SanityModule.Failure;
import io.evapi.proxy.modules.sip.SanityModule.RawRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks of Kamailio's sanity module, in its order, on a request as written. Each returns null when it
 * passes, else the {@link Failure} (with Kamailio's reply, or {@link Failure#SILENT} where Kamailio sends none).
 */
final class SanityChecks {
    static final int RURI_SIP_VERSION = 1;
    static final int RURI_SCHEME = 1 << 1;
    static final int REQUIRED_HEADERS = 1 << 2;
    static final int CSEQ_METHOD = 1 << 5;
    static final int CSEQ_VALUE = 1 << 6;
    static final int CONTENT_LENGTH = 1 << 7;
    static final int EXPIRES_VALUE = 1 << 8;
    static final int PROXY_REQUIRE = 1 << 9;
    static final int PARSE_URIS = 1 << 10;
    static final int DIGEST = 1 << 11;
    static final int DUPTAGS = 1 << 12;
    static final int AUTHORIZATION = 1 << 13;
    static final int VIA1 = 1 << 14;

    static final int URI_RURI = 1;
    static final int URI_FROM = 1 << 1;
    static final int URI_TO = 1 << 2;
    static final int URI_CONTACT = 1 << 3;

    private SanityChecks() {
    }

    /** The first failure among the selected checks, or null when all pass (8 and 16 always pass, as there). */
    static Failure run(RawRequest r, int checks, int uriChecks, List<String> supported) {
        Failure f = null;
        if ((checks & RURI_SIP_VERSION) != 0) {
            f = ruriVersion(r);
        }
        if (f == null && (checks & RURI_SCHEME) != 0) {
            f = uriParses(r.uri()) ? null : Failure.reply(400, "Bad Request URI");
        }
        if (f == null && (checks & REQUIRED_HEADERS) != 0) {
            f = requiredHeaders(r);
        }
        if (f == null && (checks & VIA1) != 0) {
            f = via1(r);
        }
        if (f == null && (checks & CSEQ_METHOD) != 0) {
            f = cseqMethod(r);
        }
        if (f == null && (checks & CSEQ_VALUE) != 0) {
            f = cseqValue(r);
        }
        if (f == null && (checks & CONTENT_LENGTH) != 0) {
            f = contentLength(r);
        }
        if (f == null && (checks & EXPIRES_VALUE) != 0) {
            f = expires(r);
        }
        if (f == null && (checks & PROXY_REQUIRE) != 0) {
            f = proxyRequire(r, supported);
        }
        if (f == null && (checks & PARSE_URIS) != 0) {
            f = parseUris(r, uriChecks);
        }
        if (f == null && (checks & DIGEST) != 0) {
            Failure d = digest(r);
            f = d == NOT_DIGEST ? Failure.SILENT : d;
        }
        if (f == null && (checks & AUTHORIZATION) != 0) {
            Failure d = digest(r);
            f = d == NOT_DIGEST ? null : d;
        }
        if (f == null && (checks & DUPTAGS) != 0) {
            f = duplicateTags(r);
        }
        return f;
    }

    private static Failure ruriVersion(RawRequest r) {
        int slash = r.version().indexOf('/');
        if (slash < 0) {
            return Failure.SILENT;
        }
        return r.version().substring(slash + 1).equals("2.0") ? null
                : Failure.reply(505, "Version Not Supported (R-URI)");
    }

    private static Failure requiredHeaders(RawRequest r) {
        for (String name : List.of("to", "from", "call-id", "cseq")) {
            int n = r.all(name).size();
            if (n != 1) {
                return Failure.SILENT; // missing (no reply possible) or repeated: Kamailio sends nothing either
            }
        }
        return null;
    }

    private static Failure via1(RawRequest r) {
        String via = r.header("via");
        if (via == null) {
            return Failure.SILENT;
        }
        String[] parts = via.split("\\s+", 2);
        return parts.length < 2 || parts[1].isBlank() ? Failure.SILENT : null;
    }

    private static Failure cseqMethod(RawRequest r) {
        String cseq = r.header("cseq");
        if (cseq == null) {
            return Failure.SILENT;
        }
        String[] parts = cseq.strip().split("\\s+");
        if (parts.length < 2 || parts[1].isEmpty()) {
            return Failure.reply(400, "Missing method in CSeq header");
        }
        return parts[1].equals(r.method()) ? null : Failure.reply(400, "CSeq method does not match request method");
    }

    private static Failure cseqValue(RawRequest r) {
        String cseq = r.header("cseq");
        if (cseq == null) {
            return Failure.SILENT;
        }
        String number = cseq.strip().split("\\s+")[0];
        if (number.isEmpty()) {
            return Failure.reply(400, "Missing number in CSeq header");
        }
        return unsignedInt(number) ? null : Failure.reply(400, "CSeq number is illegal");
    }

    /** Decimal digits of a value that fits in 32 bits unsigned, as Kamailio's str2valid_uint. */
    static boolean unsignedInt(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(s) <= 0xffffffffL;
    }

    private static Failure contentLength(RawRequest r) {
        String cl = r.header("content-length");
        if (cl == null) {
            return null;
        }
        long declared;
        try {
            declared = Long.parseLong(cl.strip());
        } catch (NumberFormatException e) {
            return Failure.reply(400, "Content-Length Failure");
        }
        return declared == r.body().length() ? null : Failure.reply(400, "Content-Length mis-match");
    }

    private static Failure expires(RawRequest r) {
        String expires = r.header("expires");
        if (expires == null) {
            return null;
        }
        String text = expires.strip();
        if (text.isEmpty()) {
            return Failure.reply(400, "Bad Expires Header");
        }
        int end = 0;
        while (end < text.length() && " \t".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return unsignedInt(text.substring(0, end)) ? null : Failure.reply(400, "Expires value is illegal");
    }

    private static Failure proxyRequire(RawRequest r, List<String> supported) {
        String pr = r.header("proxy-require");
        if (pr == null) {
            return null;
        }
        for (String token : pr.split(",")) {
            String t = token.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!supported.contains(t)) {
                return new Failure(420, "Bad Proxy Require Extension", "Unsupported", t);
            }
        }
        return null;
    }

    private static Failure parseUris(RawRequest r, int uriChecks) {
        if ((uriChecks & URI_RURI) != 0 && !uriParses(r.uri())) {
            return Failure.reply(400, "Bad Request URI");
        }
        if ((uriChecks & URI_FROM) != 0) {
            String from = r.header("from");
            if (from == null || from.isEmpty()) {
                return Failure.SILENT;
            }
            if (!uriParses(addressUri(from))) {
                return Failure.reply(400, "Invalid From Header");
            }
        }
        if ((uriChecks & URI_TO) != 0) {
            String to = r.header("to");
            if (to == null || to.isEmpty()) {
                return Failure.SILENT;
            }
            if (!uriParses(addressUri(to))) {
                return Failure.reply(400, "Ivalid To Header"); // sic: Kamailio's reason phrase
            }
        }
        if ((uriChecks & URI_CONTACT) != 0) {
            String contact = r.header("contact");
            if (contact != null && !contact.strip().equals("*")) {
                String uri = addressUri(contact.split(",")[0]);
                if (uri.isEmpty()) {
                    return Failure.reply(400, "Bad Contact Header");
                }
                if (!uriParses(uri)) {
                    return Failure.reply(400, "Bad Contact URI");
                }
            }
        }
        return null;
    }

    /** The URI of a name-addr ({@code "Bob" <sip:b@h>;tag=1}) or an addr-spec ({@code sip:b@h;tag=1}). */
    static String addressUri(String value) {
        String v = value.strip();
        int lt = v.indexOf('<');
        if (lt >= 0) {
            int gt = v.indexOf('>', lt);
            return gt < 0 ? "" : v.substring(lt + 1, gt).strip();
        }
        int semi = v.indexOf(';');
        return (semi < 0 ? v : v.substring(0, semi)).strip();
    }

    /** Whether Kamailio's URI parser takes it: sip/sips with a host, tel/tels with a number, urn. */
    static boolean uriParses(String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        switch (scheme) {
            case "sip", "sips" -> {
                int at = rest.lastIndexOf('@', indexOfAny(rest, ";?") < 0 ? rest.length() - 1 : indexOfAny(rest, ";?"));
                String hostPort = rest.substring(at + 1);
                int end = indexOfAny(hostPort, ";?");
                hostPort = end < 0 ? hostPort : hostPort.substring(0, end);
                if (hostPort.isEmpty() || hostPort.startsWith(":")) {
                    return false;
                }
                int portColon = hostPort.startsWith("[") ? hostPort.indexOf("]:") + 1 : hostPort.lastIndexOf(':');
                if (portColon > 0) {
                    String port = hostPort.substring(portColon + 1);
                    return !port.isEmpty() && port.chars().allMatch(Character::isDigit) && port.length() <= 5;
                }
                return true;
            }
            case "tel", "tels" -> {
                return !rest.isEmpty();
            }
            case "urn" -> {
                return rest.contains(":");
            }
            default -> {
                return false;
            }
        }
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Credentials that are not Digest: the digest check fails without reply, the authorization check passes. */
    private static final Failure NOT_DIGEST = new Failure(0, null, null, null);

    private static Failure digest(RawRequest r) {
        List<String> creds = new ArrayList<>(r.all("authorization"));
        creds.addAll(r.all("proxy-authorization"));
        for (String c : creds) {
            String v = c.strip();
            int space = v.indexOf(' ');
            String scheme = space < 0 ? v : v.substring(0, space);
            if (!scheme.equalsIgnoreCase("digest")) {
                return NOT_DIGEST;
            }
            Map<String, String> p = params(space < 0 ? "" : v.substring(space + 1));
            if (!p.containsKey("username") || !p.containsKey("realm") || !p.containsKey("nonce")
                    || !p.containsKey("uri") || !p.containsKey("response")) {
                return Failure.reply(400, "Bad Auth Credentials");
            }
            String qop = p.get("qop");
            if (qop != null && (qop.equals("auth") || qop.equals("auth-int"))
                    && (!p.containsKey("cnonce") || !p.containsKey("nc"))) {
                return Failure.reply(400, "Bad Auth Credentials");
            }
            if (p.get("username").isEmpty()) {
                return Failure.reply(400, "Auth Empty User");
            }
            if (p.get("nonce").isEmpty()) {
                return Failure.reply(400, "Auth Empty Nonce");
            }
            if (p.get("response").isEmpty()) {
                return Failure.reply(400, "Auth Empty Response");
            }
        }
        return null;
    }

    /** {@code a="x", b=y} into a map, quotes removed. */
    private static Map<String, String> params(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = text.substring(i, eq).replace(",", "").strip().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < text.length() && text.charAt(j) == ' ') {
                j++;
            }
            String value;
            if (j < text.length() && text.charAt(j) == '"') {
                int close = text.indexOf('"', j + 1);
                close = close < 0 ? text.length() : close;
                value = text.substring(j + 1, close);
                i = close + 1;
            } else {
                int comma = text.indexOf(',', j);
                comma = comma < 0 ? text.length() : comma;
                value = text.substring(j, comma).strip();
                i = comma;
            }
            out.put(name, value);
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
        }
        return out;
    }

    private static Failure duplicateTags(RawRequest r) {
        for (String name : List.of("from", "to")) {
            String v = r.header(name);
            if (v == null) {
                return Failure.SILENT;
            }
            int gt = v.lastIndexOf('>');
            String params = gt >= 0 ? v.substring(gt + 1) : v;
            int tags = 0;
            for (String p : params.split(";")) {
                if (p.strip().toLowerCase(Locale.ROOT).startsWith("tag=")) {
                    tags++;
                }
            }
            if (tags > 1) {
                return Failure.reply(400, name.equals("from") ? "Many From Tag Params" : "Many To Tag Params");
            }
        }
        return null;
    }
}
