package io.evapi.proxy.modules.xmlrpc;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.evapi.proxy.spi.event.EventParam;
import java.util.List;

/**
 * The HTTP request event_xmlrpc sends for one event, byte for byte as OpenSIPS's {@code xmlrpc_send.c} writes it
 * (its iovec list), with one difference: text is XML-escaped here. The first param is always the event's name
 * as a {@code <string>}; a named param carries a non-standard {@code <name>} inside its {@code <param>}, or with
 * {@code use_struct_param} becomes its own one-member {@code <struct>}.
 *
 * <pre>
 * POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nConnection: close\r\nUser-Agent: OpenSIPS XMLRPC Notifier\r\n
 * Content-type: text/xml\r\nContent-length: 304\r\n\r\n&lt;?xml version="1.0"?&gt;\n&lt;methodCall&gt;\n...
 * </pre>
 *
 * With a path the first lines are {@code POST /PATH HTTP/1.1\r\nHost:HOST:PORT} (no space after {@code Host:}, as
 * OpenSIPS writes them). The body has no trailing newline; {@code Content-length} counts it in bytes.
 */
final class XmlRpcRequest {
    /** OpenSIPS's {@code XMLRPC_DEFAULT_BUFFER_SIZE}: the params (after the event name) may take this many bytes. */
    static final int MAX_PARAMS_BYTES = 8192;

    /** The params do not fit in {@link #MAX_PARAMS_BYTES}. */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException(int bytes) {
            super("the event's params take " + bytes + " bytes of XML, more than " + MAX_PARAMS_BYTES);
        }
    }

    private XmlRpcRequest() {
    }

    /** The first line and the Host header up to the value's end, as OpenSIPS builds it once per socket. */
    static String head(String host, int port, String path) {
        return (path == null ? "POST /RPC2 HTTP/1.1\r\nHost: " : "POST " + path + " HTTP/1.1\r\nHost:") + host + ":"
                + port;
    }

    static byte[] build(String head, String method, String event, List<EventParam> params, boolean struct)
            throws TooLargeException {
        StringBuilder p = new StringBuilder(64 * params.size() + 16);
        for (EventParam param : params) {
            p.append("<param>\n");
            boolean named = param.name() != null && !param.name().isEmpty();
            if (named) {
                if (struct) {
                    p.append("<value><struct><member>\n");
                }
                p.append("<name>");
                escape(p, param.name());
                p.append("</name>\n");
            }
            p.append("<value>");
            if (param.value() instanceof Long n) {
                p.append("<int>").append(n.longValue()).append("</int>");
            } else {
                p.append("<string>");
                escape(p, (String) param.value());
                p.append("</string>");
            }
            p.append("</value>\n");
            if (named && struct) {
                p.append("</member></struct></value>\n");
            }
            p.append("</param>\n");
        }
        byte[] paramBytes = p.toString().getBytes(UTF_8);
        if (paramBytes.length > MAX_PARAMS_BYTES) {
            throw new TooLargeException(paramBytes.length);
        }
        StringBuilder b = new StringBuilder(256);
        b.append("<?xml version=\"1.0\"?>\n<methodCall>\n<methodName>");
        escape(b, method);
        b.append("</methodName>\n<params>\n<param>\n<value><string>");
        escape(b, event);
        b.append("</string></value>\n</param>\n");
        byte[] before = b.toString().getBytes(UTF_8);
        byte[] after = "</params>\n</methodCall>".getBytes(UTF_8);
        int length = before.length + paramBytes.length + after.length;
        byte[] header = (head + "\r\nConnection: close\r\nUser-Agent: OpenSIPS XMLRPC Notifier\r\n"
                + "Content-type: text/xml\r\nContent-length: " + length + "\r\n\r\n").getBytes(UTF_8);
        byte[] out = new byte[header.length + length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(before, 0, out, header.length, before.length);
        System.arraycopy(paramBytes, 0, out, header.length + before.length, paramBytes.length);
        System.arraycopy(after, 0, out, header.length + before.length + paramBytes.length, after.length);
        return out;
    }

    /**
     * Text as XML character data (OpenSIPS copies it as it is, so {@code a<b} breaks the document): {@code & < >}
     * as entities, a carriage return as {@code &#13;} (a parser would turn a raw one into a newline), and the
     * characters XML 1.0 cannot carry at all (other control characters, unpaired surrogates, U+FFFE, U+FFFF) as
     * U+FFFD. A null string is empty.
     */
    static void escape(StringBuilder sb, String s) {
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                case '\t', '\n' -> sb.append(c);
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        sb.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            sb.append('\uFFFD');
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
