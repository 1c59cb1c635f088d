package io.evapi.proxy.modules.flatstore;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code suffix} parameter: text appended to a flatstore file's path, evaluated when the file is first opened
 * and again at each rotation. OpenSIPS evaluates any pseudo-variable there on a dummy message; what makes sense
 * without a message is the time, so this takes literal text, {@code $time(FORMAT)} (OpenSIPS's strftime
 * pseudo-variable, local time) and {@code $Ts} (Unix seconds). Anything else after a {@code $} is refused when the
 * config loads.
 */
final class Suffix {
    private final List<Function<ZonedDateTime, String>> parts;
    private final String text;

    private Suffix(String text, List<Function<ZonedDateTime, String>> parts) {
        this.text = text;
        this.parts = parts;
    }

    static Suffix parse(String text) {
        List<Function<ZonedDateTime, String>> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
                continue;
            }
            if (text.startsWith("$Ts", i) && !continuesName(text, i + 3)) {
                flush(literal, parts);
                parts.add(t -> Long.toString(t.toEpochSecond()));
                i += 3;
            } else if (text.startsWith("$time(", i)) {
                int end = text.indexOf(')', i);
                if (end < 0) {
                    throw new IllegalArgumentException("$time( without its ')' in '" + text + "'");
                }
                flush(literal, parts);
                parts.addAll(strftime(text.substring(i + 6, end)));
                i = end + 1;
            } else {
                throw new IllegalArgumentException("expected text, $time(FORMAT) or $Ts, found '"
                        + text.substring(i) + "' (no SIP message here: only the time can be used)");
            }
        }
        flush(literal, parts);
        return new Suffix(text, List.copyOf(parts));
    }

    private static boolean continuesName(String s, int at) {
        return at < s.length() && (Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at) == '_');
    }

    private static void flush(StringBuilder literal, List<Function<ZonedDateTime, String>> parts) {
        if (literal.length() > 0) {
            String l = literal.toString();
            parts.add(t -> l);
            literal.setLength(0);
        }
    }

    /** The C strftime conversions a file name may use. */
    private static List<Function<ZonedDateTime, String>> strftime(String format) {
        List<Function<ZonedDateTime, String>> out = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (++i == format.length()) {
                throw new IllegalArgumentException("$time(" + format + ") ends with a lone %");
            }
            char conv = format.charAt(i);
            Function<ZonedDateTime, String> f = switch (conv) {
                case 'Y' -> t -> String.format("%04d", t.getYear());
                case 'y' -> t -> String.format("%02d", t.getYear() % 100);
                case 'm' -> t -> String.format("%02d", t.getMonthValue());
                case 'd' -> t -> String.format("%02d", t.getDayOfMonth());
                case 'e' -> t -> String.format("%2d", t.getDayOfMonth());
                case 'j' -> t -> String.format("%03d", t.getDayOfYear());
                case 'H' -> t -> String.format("%02d", t.getHour());
                case 'I' -> t -> String.format("%02d", (t.getHour() + 11) % 12 + 1);
                case 'M' -> t -> String.format("%02d", t.getMinute());
                case 'S' -> t -> String.format("%02d", t.getSecond());
                case 'p' -> t -> t.getHour() < 12 ? "AM" : "PM";
                case 's' -> t -> Long.toString(t.toEpochSecond());
                case 'a' -> t -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT);
                case 'A' -> t -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT);
                case 'b', 'h' -> t -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT);
                case 'B' -> t -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT);
                case 'F' -> t -> DateTimeFormatter.ISO_LOCAL_DATE.format(t);
                case 'T' -> t -> String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
                case 'z' -> t -> DateTimeFormatter.ofPattern("xx").format(t);
                case 'Z' -> t -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ROOT);
                case '%' -> t -> "%";
                default -> throw new IllegalArgumentException("$time(" + format + "): %" + conv
                        + " is not supported (expected one of %Y %y %m %d %e %j %H %I %M %S %p %s %a %A %b %h %B %F %T %z %Z %%)");
            };
            if (literal.length() > 0) {
                String l = literal.toString();
                out.add(t -> l);
                literal.setLength(0);
            }
            out.add(f);
        }
        if (literal.length() > 0) {
            String l = literal.toString();
            out.add(t -> l);
        }
        return out;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    /** The suffix now, in the machine's time zone (OpenSIPS's localtime). */
    String evaluate(long epochMillis) {
        ZonedDateTime t = ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault());
        StringBuilder sb = new StringBuilder();
        for (Function<ZonedDateTime, String> p : parts) {
            sb.append(p.apply(t));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
