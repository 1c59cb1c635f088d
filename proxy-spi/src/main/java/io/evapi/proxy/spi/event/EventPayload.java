package io.evapi.proxy.spi.event;

import java.util.List;

/**
 * The JSON-RPC notification OpenSIPS 3.1+ transports send for an event ({@code evi_build_payload}, printed
 * with {@code cJSON_PrintUnformatted}): compact, no trailing newline, keys in the order
 * {@code id?, jsonrpc, method, params?}.
 *
 * <pre>
 * {"jsonrpc":"2.0","method":"E_PIKE_BLOCKED","params":{"ip":"192.168.2.11"}}
 * {"jsonrpc":"2.0","method":"E_MY_EVENT","params":["1.2.3.4","5"]}
 * {"jsonrpc":"2.0","method":"E_NO_PARAM"}
 * {"id":7,"jsonrpc":"2.0","method":"E_X","params":{"n":5}}
 * </pre>
 *
 * <p>{@code params} is an object when the first parameter has a name, else an array; as in OpenSIPS only the first
 * parameter decides (in an object a later unnamed parameter gets the key {@code ""}; in an array a later name is
 * left out). Integers are JSON numbers, strings JSON strings, a null string {@code null}. Control characters are written {@code \\uXXXX} (or their short escapes), other characters as
 * they are.
 */
public final class EventPayload {

    private EventPayload() {
    }

    /** The payload of an event with no id and no extra parameter (event_datagram's, and most transports'). */
    public static String jsonRpc(String method, List<EventParam> params) {
        return jsonRpc(0, method, params, null, null);
    }

    /**
     * The payload with an {@code id} (written when not 0, as event_stream's reliable mode) and an extra
     * parameter inserted first (event_stream's {@code event_param}: the key in an object, the first element of
     * an array; ignored when {@code extraKey} is null).
     */
    public static String jsonRpc(long id, String method, List<EventParam> params, String extraKey, String extraValue) {
        StringBuilder sb = new StringBuilder(64 + 24 * params.size());
        sb.append('{');
        if (id != 0) {
            sb.append("\"id\":").append(id).append(',');
        }
        sb.append("\"jsonrpc\":\"2.0\",\"method\":");
        string(sb, method);
        boolean extra = extraKey != null;
        if (!params.isEmpty() || extra) {
            boolean object = params.isEmpty() ? true : params.get(0).named();
            sb.append(",\"params\":").append(object ? '{' : '[');
            boolean first = true;
            if (extra) {
                if (object) {
                    string(sb, extraKey);
                    sb.append(':');
                }
                string(sb, extraValue);
                first = false;
            }
            for (EventParam p : params) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                if (object) {
                    string(sb, p.name() == null ? "" : p.name());
                    sb.append(':');
                }
                value(sb, p.value());
            }
            sb.append(object ? '}' : ']');
        }
        return sb.append('}').toString();
    }

    private static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Long n) {
            sb.append(n.longValue());
        } else {
            string(sb, (String) v);
        }
    }

    /** A JSON string as cJSON writes it. */
    public static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
