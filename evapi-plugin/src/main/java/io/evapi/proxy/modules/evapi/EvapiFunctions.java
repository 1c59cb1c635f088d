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
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.sip.Suspension;
import io.evapi.proxy.spi.sip.TransactionControl;
import java.util.function.Consumer;

/**
 * The script functions of the evapi module (Kamailio's evapi_mod exports). Each returns 1 on success and -1
 * on failure; a relay that reaches no client fails (unlike Kamailio, so a script can answer 503).
 */
final class EvapiFunctions {
    private final EvapiDispatcher dispatcher;
    private final ScriptHost host;
    private final AnsweringClients answering;

    /** @param answering who is to answer each suspended call ({@code async_fail_on_close}); null when off */
    EvapiFunctions(EvapiDispatcher dispatcher, ScriptHost host, AnsweringClients answering) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher");
        this.host = requireNonNull(host, "host");
        this.answering = answering;
    }

    ScriptFunction function(String name) {
        return switch (name) {
            case "evapi_relay" -> site -> send(site, Mode.RELAY);
            case "evapi_multicast" -> site -> send(site, Mode.MULTICAST);
            case "evapi_unicast" -> site -> send(site, Mode.UNICAST);
            case "evapi_close" -> site -> this::close;
            case "evapi_set_tag" -> this::setTag;
            case "evapi_async_relay" -> site -> sendAsync(site, Mode.RELAY);
            case "evapi_async_multicast" -> site -> sendAsync(site, Mode.MULTICAST);
            case "evapi_async_unicast" -> site -> sendAsync(site, Mode.UNICAST);
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

    /**
     * The async variants, in Kamailio's order: suspend the transaction (through the SIP host's
     * {@link TransactionControl}, Kamailio's tm API), then format {@code evdata} (so it can hold
     * {@code $T(id_index)} and {@code $T(id_label)}), then send. Unlike Kamailio, when no client receives the
     * event (none listens, or the one that did left or refused it between the check and the send) the
     * function returns -1 with the transaction not suspended, so the script answers at once instead of the
     * caller waiting for {@code fr_timer}.
     */
    private BoundCall sendAsync(CallSite site, Mode mode) {
        if (site.host().route(ScriptHost.RouteKind.EVENT, EvapiDispatcher.MESSAGE_RECEIVED).isEmpty()) {
            site.warn("the config has no event_route[" + EvapiDispatcher.MESSAGE_RECEIVED + "]: the application's"
                    + " answers are never read, so no t_continue resumes the suspended transaction (it waits for"
                    + " its timer)");
        }
        Argument evdata = site.arguments().get(0);
        Argument etag = mode == Mode.RELAY ? null : site.arguments().get(1);
        return ctx -> {
            EvapiServer server = dispatcher.server().orElse(null);
            TransactionControl transactions = host.service(TransactionControl.class).orElse(null);
            if (server == null || transactions == null) {
                return -1;
            }
            String tag = etag == null ? null : etag.asString(ctx);
            if (!server.hasConnection(tag)) {
                return -1;
            }
            Suspension suspension = transactions.suspend(ctx);
            if (!suspension.suspended()) {
                return suspension.code();
            }
            String payload = evdata.asString(ctx);
            Recipients recipients = answering == null ? null : new Recipients();
            int reached = switch (mode) {
                case RELAY -> server.relay(payload, recipients);
                case MULTICAST -> server.multicast(payload, tag, recipients);
                case UNICAST -> server.unicast(payload, tag, recipients);
            };
            if (reached > 0) {
                if (recipients != null && recipients.count == 1) {
                    answering.awaiting(recipients.first, suspension.id());
                }
                return 1;
            }
            // nobody will answer: undo the suspension, so this run answers the request now
            return transactions.cancelSuspension(suspension.id()) ? -1 : -2;
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
            return server.setTag(c.conidx(), c.id(), tag) ? 1 : -1;
        };
    }

    private static boolean validTag(String tag) {
        return !tag.isEmpty() && tag.length() <= EvapiServer.MAX_TAG_LENGTH;
    }

    /** The clients an async event went to: the first, and how many. */
    private static final class Recipients implements Consumer<EvapiConnection> {
        EvapiConnection first;
        int count;

        @Override
        public void accept(EvapiConnection c) {
            if (count++ == 0) {
                first = c;
            }
        }
    }
}
