package io.evapi.proxy.modules.sip;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.ContextKey;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptRuntimeException;
import io.evapi.proxy.spi.sip.SipMessage;

/**
 * Message flags ({@code setflag}, core) and first-branch flags ({@code setbflag}, kex): 32 bits, kept by the
 * run's {@link SipMessage} (with its transaction); a route without a message (an event route) keeps its own,
 * as Kamailio's event routes have a message of their own.
 */
final class Flags {
    private static final ContextKey<int[]> OWN = ContextKey.of("sip-modules.flags", int[].class);

    /** Kamailio's flags go from 0 to 31. */
    static final int MAX = 31;

    private Flags() {
    }

    /** A flag given as a constant must be from 0 to 31 (Kamailio: "bad flag value" when the config loads). */
    static void check(Argument flag) throws ScriptConfigException {
        Object c = flag.constant().orElse(null);
        if (c == null) {
            return;
        }
        Long n = number(c);
        if (n == null || n < 0 || n > MAX) {
            throw new ScriptConfigException("bad flag value '" + c + "': expected a flag from 0 to " + MAX);
        }
    }

    /** The flag number of an argument at run time; outside 0..31 is a run-time error. */
    static int flag(Argument flag, ScriptContext ctx) {
        Object v = flag.value(ctx);
        Long n = number(v);
        if (n == null || n < 0 || n > MAX) {
            throw new ScriptRuntimeException("bad flag value '" + v + "': expected a flag from 0 to " + MAX);
        }
        return n.intValue();
    }

    private static Long number(Object v) {
        if (v instanceof Long n) {
            return n;
        }
        try {
            return v == null ? null : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static int get(ScriptContext ctx, boolean branch) {
        SipMessage m = ctx.get(SipMessage.KEY);
        if (m != null) {
            return branch ? m.branchFlags() : m.flags();
        }
        int[] own = ctx.get(OWN);
        return own == null ? 0 : own[branch ? 1 : 0];
    }

    static void set(ScriptContext ctx, boolean branch, int value) {
        SipMessage m = ctx.get(SipMessage.KEY);
        if (m != null) {
            if (branch) {
                m.setBranchFlags(value);
            } else {
                m.setFlags(value);
            }
            return;
        }
        int[] own = ctx.get(OWN);
        if (own == null) {
            own = new int[2];
            ctx.put(OWN, own);
        }
        own[branch ? 1 : 0] = value;
    }
}
