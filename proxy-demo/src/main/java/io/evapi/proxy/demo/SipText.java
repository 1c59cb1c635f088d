package io.evapi.proxy.demo;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A SIP message as the demo's own UAC and UAS see it: the start line and the headers in order (compact names
 * expanded). Just enough SIP for a loopback demo over UDP; the proxy itself runs on JAIN-SIP.
 */
record SipText(String startLine, List<Header> headers) {
    private static final Map<String, String> COMPACT = Map.of("v", "Via", "f", "From", "t", "To", "i", "Call-ID",
            "m", "Contact", "l", "Content-Length", "c", "Content-Type", "k", "Supported");

    record Header(String name, String value) {
    }

    SipText {
        requireNonNull(startLine, "startLine");
        headers = List.copyOf(headers);
    }

    /** Parses a datagram; the body is ignored (the demo sends none). */
    static SipText parse(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r\n");
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new IllegalArgumentException("empty SIP message");
        }
        List<Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                Header last = headers.remove(headers.size() - 1);
                headers.add(new Header(last.name(), last.value() + " " + line.strip()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("bad header line: " + line);
            }
            String name = line.substring(0, colon).strip();
            headers.add(new Header(COMPACT.getOrDefault(name.toLowerCase(Locale.ROOT), name),
                    line.substring(colon + 1).strip()));
        }
        return new SipText(lines[0], headers);
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    /** The status code of a response. */
    int status() {
        return Integer.parseInt(startLine.substring(8, 11));
    }

    /** The method of a request, or of the CSeq of a response. */
    String method() {
        if (!isResponse()) {
            return startLine.substring(0, startLine.indexOf(' '));
        }
        String cseq = header("CSeq");
        return cseq == null ? "" : cseq.substring(cseq.indexOf(' ') + 1).strip();
    }

    /** The response's status line without the version: {@code 486 Busy Here}. */
    String statusText() {
        return startLine.substring(8);
    }

    /** The first value of the header, or null. */
    String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst()
                .orElse(null);
    }

    /** Every value of the header, comma-separated ones split apart, in order. */
    List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        headers.stream().filter(h -> h.name().equalsIgnoreCase(name))
                .forEach(h -> splitCommas(h.value(), values));
        return values;
    }

    private static void splitCommas(String value, List<String> out) {
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(value.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(value.substring(start).strip());
    }

    /** The message on the wire, with Content-Length 0 (the demo carries no bodies). */
    byte[] encode() {
        StringBuilder sb = new StringBuilder(startLine).append("\r\n");
        headers.stream().filter(h -> !h.name().equalsIgnoreCase("Content-Length"))
                .forEach(h -> sb.append(h.name()).append(": ").append(h.value()).append("\r\n"));
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The URI inside a name-addr ({@code "x" <sip:a@b>;tag=1} gives {@code sip:a@b}) or a plain URI. */
    static String uriOf(String nameAddr) {
        int lt = nameAddr.indexOf('<');
        if (lt >= 0) {
            return nameAddr.substring(lt + 1, nameAddr.indexOf('>', lt));
        }
        int semi = nameAddr.indexOf(';');
        return (semi < 0 ? nameAddr : nameAddr.substring(0, semi)).strip();
    }

    /** Host and port of a sip: URI (port 5060 when none is written). */
    static InetSocketAddress addressOf(String uri) {
        String rest = uri.substring(uri.indexOf(':') + 1);
        int at = rest.indexOf('@');
        rest = at < 0 ? rest : rest.substring(at + 1);
        int cut = rest.length();
        for (char c : new char[] {';', '?', '>'}) {
            int i = rest.indexOf(c);
            cut = i >= 0 ? Math.min(cut, i) : cut;
        }
        String hostPort = rest.substring(0, cut);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return new InetSocketAddress(hostPort, 5060);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
