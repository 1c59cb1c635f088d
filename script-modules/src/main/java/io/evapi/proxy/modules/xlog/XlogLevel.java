package io.evapi.proxy.modules.xlog;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.event.Level;

/** Kamailio's log levels as {@code xlog} names them, each mapped onto the nearest SLF4J level. */
enum XlogLevel {
    L_ALERT(Level.ERROR),
    L_BUG(Level.ERROR),
    L_CRIT2(Level.ERROR),
    L_CRIT(Level.ERROR),
    L_ERR(Level.ERROR),
    L_WARN(Level.WARN),
    L_NOTICE(Level.INFO),
    L_INFO(Level.INFO),
    L_DBG(Level.DEBUG);

    private final Level slf4j;

    XlogLevel(Level slf4j) {
        this.slf4j = slf4j;
    }

    Level slf4j() {
        return slf4j;
    }

    /** The level written in the config, e.g. {@code L_INFO}; Kamailio also takes it in lower case. */
    static Optional<XlogLevel> named(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
