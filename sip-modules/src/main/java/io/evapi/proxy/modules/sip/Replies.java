package io.evapi.proxy.modules.sip;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.ScriptConfigException;

/** Checks shared by the reply functions. */
final class Replies {

    private Replies() {
    }

    /** A constant reply code must be a SIP status from 100 to 699. */
    static void checkCode(Argument code) throws ScriptConfigException {
        Object c = code.constant().orElse(null);
        if (c == null) {
            return;
        }
        try {
            long v = Long.parseLong(c.toString().trim());
            if (v >= 100 && v <= 699) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ScriptConfigException("expected a reply code from 100 to 699, found '" + c + "'");
    }
}
