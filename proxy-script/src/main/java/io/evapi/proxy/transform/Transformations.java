package io.evapi.proxy.transform;

import io.evapi.proxy.spi.ScriptConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the text inside one pair of braces ({@code s.substr,1,2}) into a {@link Transformation} with
 * Kamailio's semantics. Parameters are constants, checked here once; a parameter that can never work is a
 * config error naming what was expected.
 */
public final class Transformations {
    private static final String KNOWN = "s.len, s.int, s.tolower, s.toupper, s.substr,offset,length, "
            + "s.select,index,separator, s.strip,n, s.striptail,n, s.rm,text, s.unquote, uri.user, uri.host";

    private Transformations() {
    }

    /**
     * @param spec the text between the braces, e.g. {@code s.select,1,,}
     * @throws ScriptConfigException for an unknown name or parameters that do not fit it
     */
    public static Transformation compile(String spec) throws ScriptConfigException {
        int comma = spec.indexOf(',');
        String name = (comma < 0 ? spec : spec.substring(0, comma)).trim();
        String params = comma < 0 ? null : spec.substring(comma + 1);
        return switch (name) {
            case "s.len" -> none(name, params, StringTransformations::length);
            case "s.int" -> none(name, params, StringTransformations::toInteger);
            case "s.tolower" -> none(name, params, v -> StringTransformations.ascii(v, false));
            case "s.toupper" -> none(name, params, v -> StringTransformations.ascii(v, true));
            case "s.unquote" -> none(name, params, StringTransformations::unquote);
            case "uri.user" -> none(name, params, v -> UriTransformations.part(v, true));
            case "uri.host" -> none(name, params, v -> UriTransformations.part(v, false));
            case "s.strip" -> {
                int n = integer("{s.strip,n}", "n", single("{s.strip,n}", params));
                yield v -> StringTransformations.strip(v, n, true);
            }
            case "s.striptail" -> {
                int n = integer("{s.striptail,n}", "n", single("{s.striptail,n}", params));
                yield v -> StringTransformations.strip(v, n, false);
            }
            case "s.substr" -> substr(params);
            case "s.rm" -> remove(params);
            case "s.select" -> select(params);
            default -> throw new ScriptConfigException("unknown transformation {" + spec.trim()
                    + "}: expected one of " + KNOWN);
        };
    }

    private static Transformation none(String name, String params, Transformation t) throws ScriptConfigException {
        if (params != null) {
            throw new ScriptConfigException("{" + name + "} takes no parameters, found '" + params + "'");
        }
        return t;
    }

    private static Transformation substr(String params) throws ScriptConfigException {
        String form = "{s.substr,offset,length}";
        List<String> p = split(form, params, 2);
        int offset = integer(form, "offset", p.get(0));
        int length = integer(form, "length", p.get(1));
        if (length < 0) {
            throw new ScriptConfigException(form + ": expected a length >= 0 (0 = to the end), found " + length);
        }
        return v -> StringTransformations.substr(v, offset, length);
    }

    /** {@code {s.rm,text}}: every occurrence of the text removed; {@code \n \r \t \\} in the text are escapes. */
    private static Transformation remove(String params) throws ScriptConfigException {
        String form = "{s.rm,text}";
        if (params == null || params.isEmpty()) {
            throw new ScriptConfigException(form + ": expected the text to remove, found none");
        }
        if (params.startsWith("$")) {
            throw new ScriptConfigException(form + ": expected constant text, found '" + params
                    + "' (a pseudo-variable parameter is not supported here)");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '\\' && i + 1 < params.length()) {
                char e = params.charAt(++i);
                text.append(switch (e) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                text.append(c);
            }
        }
        String match = text.toString();
        return v -> v == null ? null : v.toString().replace(match, "");
    }

    private static Transformation select(String params) throws ScriptConfigException {
        String form = "{s.select,index,separator}";
        if (params == null || params.indexOf(',') < 0) {
            throw new ScriptConfigException(form + " expects 2 parameters, found " + (params == null ? 0 : 1));
        }
        int comma = params.indexOf(',');
        int index = integer(form, "index", params.substring(0, comma));
        String separator = params.substring(comma + 1).trim();
        if (separator.isEmpty()) {
            throw new ScriptConfigException(form + ": expected a separator character (\\w for a space), found none");
        }
        int sep = separator(form, separator);
        return v -> StringTransformations.select(v, index, sep);
    }

    /** The separator as a char, or {@link StringTransformations#ANY_WHITESPACE} for {@code \s}. */
    private static int separator(String form, String text) throws ScriptConfigException {
        if (text.length() == 1) {
            return text.charAt(0);
        }
        if (text.length() == 2 && text.charAt(0) == '\\') {
            switch (text.charAt(1)) {
                case '\\': return '\\';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'w': return ' ';
                case 's': return StringTransformations.ANY_WHITESPACE;
                default: break;
            }
        }
        throw new ScriptConfigException(form + ": expected one separator character or one of \\n \\r \\t \\w \\s "
                + "\\\\, found '" + text + "'");
    }

    private static String single(String form, String params) throws ScriptConfigException {
        return split(form, params, 1).get(0);
    }

    private static List<String> split(String form, String params, int expected) throws ScriptConfigException {
        List<String> parts = new ArrayList<>(expected);
        if (params != null) {
            int from = 0;
            for (int comma = params.indexOf(','); comma >= 0; comma = params.indexOf(',', from)) {
                parts.add(params.substring(from, comma));
                from = comma + 1;
            }
            parts.add(params.substring(from));
        }
        if (parts.size() != expected) {
            throw new ScriptConfigException(form + " expects " + expected + " parameter" + (expected == 1 ? "" : "s")
                    + ", found " + parts.size());
        }
        return parts;
    }

    private static int integer(String form, String what, String text) throws ScriptConfigException {
        String t = text.trim();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new ScriptConfigException(form + ": expected an integer " + what + ", found '" + t + "'");
        }
    }
}
