package io.evapi.sip.engine.warmup;

import io.evapi.sip.engine.RequestContext;
import io.evapi.sip.engine.SipEngine;
import io.evapi.sip.engine.SipRouter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The warm-up's routing script, covering what configs do most: MESSAGE answered statelessly, OPTIONS suspended and
 * resumed from another thread (evapi_async_relay and t_continue), REGISTER answered statefully, INVITE relayed
 * with Record-Route to the callee, and in-dialog requests loose-routed.
 */
final class WarmUpRouter implements SipRouter, AutoCloseable {

    private final String callee;
    private final ExecutorService resumer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sip-warm-up-resume");
        t.setDaemon(true);
        return t;
    });
    private volatile SipEngine engine;

    WarmUpRouter(int calleePort) {
        this.callee = "sip:127.0.0.1:" + calleePort;
    }

    void attach(SipEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onRequest(RequestContext ctx) {
        if (!ctx.processMaxForwards(10)) {
            ctx.slReply(483, "Too Many Hops");
            return;
        }
        if (ctx.hasToTag()) {
            if (ctx.looseRoute()) {
                ctx.relay();
            } else if (!ctx.method().equals("ACK")) {
                ctx.slReply(404, "Not here");
            }
            return;
        }
        switch (ctx.method()) {
            case "MESSAGE" -> ctx.slReply(200, "OK");
            case "OPTIONS" -> suspend(ctx);
            case "REGISTER" -> {
                ctx.newTransaction();
                ctx.reply(200, "OK");
            }
            default -> {
                ctx.recordRoute();
                ctx.setDestinationUri(callee);
                ctx.setFailureRoute("warm-up");
                ctx.setReplyRoute("warm-up");
                ctx.relay();
            }
        }
    }

    private void suspend(RequestContext ctx) {
        if (ctx.suspend() != 1) {
            ctx.slReply(500, "Not suspended");
            return;
        }
        int index = ctx.transactionIndex();
        int label = ctx.transactionLabel();
        resumer.execute(() -> engine.resume(index, label, resumed -> resumed.reply(200, "OK")));
    }

    @Override
    public void close() {
        resumer.shutdownNow();
    }
}
