package io.evapi.sip.engine.warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Just enough of a SIP message for the warm-up's two ends: its first line and its header lines as text. The ends
 * only answer what the private engine sends them, so full parsing would only add to the warm-up's own cost.
 */
record WireMessage(String firstLine, List<String> headers) {

    static WireMessage parse(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r\n");
        List<String> headers = new ArrayList<>(lines.length);
        for (int i = 1; i < lines.length; i++) {
            headers.add(lines[i]);
        }
        return new WireMessage(lines[0], headers);
    }

    boolean isResponse() {
        return firstLine.startsWith("SIP/2.0 ");
    }

    /** The status code of a response; 0 for a request. */
    int status() {
        return isResponse() && firstLine.length() >= 11 ? Integer.parseInt(firstLine.substring(8, 11)) : 0;
    }

    /** The method of a request, from its first line; of a response, from its CSeq. */
    String method() {
        if (!isResponse()) {
            return firstLine.substring(0, firstLine.indexOf(' '));
        }
        String cseq = value("CSeq");
        return cseq == null ? "" : cseq.substring(cseq.indexOf(' ') + 1).trim();
    }

    /** The value of the first header of this name (or its compact form), or null. */
    String value(String name) {
        String compact = compactOf(name);
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                String n = h.substring(0, colon).trim();
                if (n.equalsIgnoreCase(name) || n.equalsIgnoreCase(compact)) {
                    return h.substring(colon + 1).trim();
                }
            }
        }
        return null;
    }

    /** Every header line of this name (or its compact form), as received. */
    List<String> lines(String name) {
        String compact = compactOf(name);
        List<String> out = new ArrayList<>(2);
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                String n = h.substring(0, colon).trim();
                if (n.equalsIgnoreCase(name) || n.equalsIgnoreCase(compact)) {
                    out.add(h);
                }
            }
        }
        return out;
    }

    private static String compactOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "via" -> "v";
            case "from" -> "f";
            case "to" -> "t";
            case "call-id" -> "i";
            case "contact" -> "m";
            default -> name;
        };
    }
}
