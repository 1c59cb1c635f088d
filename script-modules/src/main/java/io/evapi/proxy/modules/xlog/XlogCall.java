package io.evapi.proxy.modules.xlog;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptFunction;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** One bound {@code xlog} call site: its level fixed, its format evaluated only when the level is enabled. */
final class XlogCall implements ScriptFunction.BoundCall {
    private final Logger log;
    private final Level level;
    private final Argument format;

    XlogCall(Logger log, Level level, Argument format) {
        this.log = requireNonNull(log, "log");
        this.level = requireNonNull(level, "level");
        this.format = requireNonNull(format, "format");
    }

    @Override
    public int call(ScriptContext context) {
        if (log.isEnabledForLevel(level)) {
            log.atLevel(level).log(withoutTrailingNewline(format.asString(context)));
        }
        return 1;
    }

    /** Scripts end formats with "\n" for Kamailio's log; the SLF4J layout adds its own line end. */
    private static String withoutTrailingNewline(String text) {
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
            if (end > 0 && text.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return text.substring(0, end);
    }
}
