package io.evapi.sip.engine;

import java.util.Objects;

/**
 * The shape of Kamailio's default request_route, written against the engine API: max-forwards, OPTIONS
 * keepalive, CANCEL matching, in-dialog requests by loose routing, and Record-Route + t_relay to one UAS.
 */
class ProxyScript implements SipRouter {

    private final String uas;

    /** {@code uas}: the destination URI ($du) of initial requests, e.g. {@code sip:127.0.0.1:5070;transport=tcp}. */
    ProxyScript(String uas) {
        this.uas = Objects.requireNonNull(uas, "uas");
    }

    @Override
    public void onRequest(RequestContext ctx) {
        if (!ctx.processMaxForwards(10)) {
            ctx.slReply(483, "Too Many Hops");
            return;
        }
        if ("OPTIONS".equals(ctx.method()) && !ctx.hasToTag()) {
            ctx.slReply(200, "OK");
            return;
        }
        if ("CANCEL".equals(ctx.method())) {
            if (ctx.checkTransaction()) {
                ctx.relay();
            }
            return;
        }
        if (ctx.hasToTag()) {
            if (ctx.looseRoute()) {
                ctx.relay();
            } else if (!"ACK".equals(ctx.method())) {
                ctx.slReply(404, "Not here");
            }
            return;
        }
        if ("INVITE".equals(ctx.method())) {
            ctx.recordRoute();
        }
        initial(ctx);
    }

    /** route(RELAY) of initial requests; tests override it to arm failure routes. */
    void initial(RequestContext ctx) {
        ctx.setDestinationUri(uas);
        if (!ctx.relay()) {
            ctx.reply(500, "Relay Failed");
        }
    }

    static String uri(int port, boolean tcp) {
        return "sip:127.0.0.1:" + port + (tcp ? ";transport=tcp" : "");
    }
}
