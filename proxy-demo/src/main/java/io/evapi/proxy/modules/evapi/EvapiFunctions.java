package io.evapi.proxy.modules.evapi;

import static java.util.Objects.requireNonNull;

import io.evapi.core.server.EvapiConnection;
import io.evapi.core.server.EvapiServer;
import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.CallSite;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.ScriptFunction.BoundCall;

/**
 * The script functions of the evapi module (Kamailio's evapi_mod exports). Each returns 1 on success and -1
 * on failure; a relay that reaches no client fails (unlike Kamailio, so a script can answer 503).
 */
final class EvapiFunctions {
    private final EvapiDispatcher dispatcher;

    EvapiFunctions(EvapiDispatcher dispatcher) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher");
    }

    ScriptFunction function(String name) {
        return switch (name) {
            case "evapi_relay" -> site -> send(site, Mode.RELAY);
            case "evapi_multicast" -> site -> send(site, Mode.MULTICAST);
            case "evapi_unicast" -> site -> send(site, Mode.UNICAST);
            case "evapi_close" -> site -> this::close;
            case "evapi_set_tag" -> this::setTag;
            default -> null;
        };
    }

    private enum Mode { RELAY, MULTICAST, UNICAST }

    private BoundCall send(CallSite site, Mode mode) {
        Argument evdata = site.arguments().get(0);
        Argument etag = mode == Mode.RELAY ? null : site.arguments().get(1);
        return ctx -> {
            EvapiServer server = dispatcher.server().orElse(null);
            if (server == null) {
                return -1;
            }
            String payload = evdata.asString(ctx);
            int reached = switch (mode) {
                case RELAY -> server.relay(payload);
                case MULTICAST -> server.multicast(payload, etag.asString(ctx));
                case UNICAST -> server.unicast(payload, etag.asString(ctx));
            };
            return reached > 0 ? 1 : -1;
        };
    }

    /** 1 closed; -1 not in an evapi event route; -2 the connection is gone already. */
    private int close(ScriptContext ctx) {
        EvapiConnection c = ctx.get(EvapiDispatcher.CONNECTION);
        if (c == null) {
            return -1;
        }
        EvapiServer server = dispatcher.server().orElse(null);
        return server != null && server.close(c.conidx(), c.id()) ? 1 : -2;
    }

    private BoundCall setTag(CallSite site) throws ScriptConfigException {
        Argument tname = site.arguments().get(0);
        Object constant = tname.constant().orElse(null);
        if (constant != null && !validTag(constant.toString())) {
            throw new ScriptConfigException("expected a tag of 1 to 64 characters, found '" + constant + "'");
        }
        return ctx -> {
            EvapiConnection c = ctx.get(EvapiDispatcher.CONNECTION);
            String tag = tname.asString(ctx);
            EvapiServer server = dispatcher.server().orElse(null);
            if (c == null || server == null || !validTag(tag)) {
                return -1;
            }
            return server.setTag(c.conidx(), tag) ? 1 : -1;
        };
    }

    private static boolean validTag(String tag) {
        return !tag.isEmpty() && tag.length() <= EvapiServer.MAX_TAG_LENGTH;
    }
}
