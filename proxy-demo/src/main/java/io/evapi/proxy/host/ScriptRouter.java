package io.evapi.proxy.host;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.pv.AvpStore;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.RunResult;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.sip.RequestRouting;
import io.evapi.proxy.spi.sip.SipMessage;
import io.evapi.sip.engine.RequestContext;
import io.evapi.sip.engine.SipRouter;
import io.evapi.sip.engine.message.EngineSipMessage;
import java.util.Optional;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the SIP engine to the compiled config: each engine callback runs the matching route block, with the
 * request attached to the run as the SPI's {@link SipMessage} and {@link RequestRouting}.
 */
final class ScriptRouter implements SipRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRouter.class);

    private final CompiledConfig config;
    private final ScriptHost.Route requestRoute;
    private final CoreEvents coreEvents;

    ScriptRouter(CompiledConfig config) {
        this.config = requireNonNull(config, "config");
        this.requestRoute = config.route(ScriptHost.RouteKind.REQUEST, "").orElse(null);
        this.coreEvents = CoreEvents.of(config);
    }

    @Override
    public void onTcpClosed(String peerAddress, int peerPort, String localAddress, int localPort) {
        if (coreEvents != null) {
            coreEvents.tcpClosed(peerAddress, peerPort, localAddress, localPort);
        }
    }

    @Override
    public void onRequest(RequestContext ctx) {
        if (requestRoute == null) {
            return; // no request_route: every request is dropped, as the loader warned
        }
        if (coreEvents == null || !coreEvents.timing()) {
            run(requestRoute, RouteType.REQUEST, ctx, null);
            return;
        }
        long start = System.nanoTime();
        RunResult result = run(requestRoute, RouteType.REQUEST, ctx, null);
        coreEvents.routeRan(System.nanoTime() - start, result.run().get(SipMessage.KEY));
    }

    @Override
    public void onFailure(String routeName, RequestContext ctx) {
        route(ScriptHost.RouteKind.FAILURE, routeName)
                .ifPresent(r -> run(r, RouteType.FAILURE, ctx, null));
    }

    @Override
    public void onReply(String routeName, RequestContext ctx, Response response) {
        route(ScriptHost.RouteKind.ONREPLY, routeName)
                .ifPresent(r -> run(r, RouteType.ONREPLY, ctx, response));
    }

    /** t_on_branch's route on a branch about to be sent; {@code drop} there drops the branch. */
    @Override
    public boolean onBranch(String routeName, RequestContext ctx) {
        Optional<ScriptHost.Route> route = route(ScriptHost.RouteKind.BRANCH, routeName);
        if (route.isEmpty()) {
            return true;
        }
        RunResult result = config.execute(route.get(), RouteType.BRANCH, run -> attach(run, ctx, null));
        return result.outcome() != RunResult.Outcome.DROP;
    }

    /** A {@code route[name]} block of the config, for t_continue. */
    Optional<ScriptHost.Route> route(String name) {
        return config.route(ScriptHost.RouteKind.ROUTE, name);
    }

    /** t_continue's run: the named route, as a failure route, on the resumed transaction. */
    void onResume(ScriptHost.Route route, RequestContext ctx) {
        RunResult result = config.execute(route, RouteType.FAILURE, run -> attach(run, ctx, null));
        if (result.outcome() == RunResult.Outcome.ERROR) {
            LOG.debug("route[{}] failed on a resumed transaction", route.name());
        }
    }

    private Optional<ScriptHost.Route> route(ScriptHost.RouteKind kind, String name) {
        Optional<ScriptHost.Route> r = config.route(kind, name);
        if (r.isEmpty()) {
            LOG.warn("{} route '{}' armed but not defined", kind.name().toLowerCase(), name);
        }
        return r;
    }

    private RunResult run(ScriptHost.Route route, RouteType type, RequestContext ctx, Response reply) {
        RunResult result = config.execute(route, type, run -> attach(run, ctx, reply));
        AvpStore avps = result.run().get(AvpStore.KEY);
        if (avps != null && ctx.transaction() != null && ctx.transaction().attachment() == null) {
            ctx.transaction().attach(avps);
        }
        if (result.outcome() == RunResult.Outcome.ERROR && reply == null
                && !Request.ACK.equals(ctx.method())) {
            ctx.reply(500, "Server Internal Error");
        }
        return result;
    }

    private static void attach(ScriptContext run, RequestContext ctx, Response reply) {
        run.put(SipMessage.KEY, new EngineSipMessage(ctx, reply));
        run.put(RequestRouting.KEY, ctx);
        run.put(SipKeys.REQUEST, ctx);
        if (ctx.transaction() != null && ctx.transaction().attachment() instanceof AvpStore avps) {
            run.put(AvpStore.KEY, avps); // $avp lives with the transaction, into failure, reply and resumed routes
        }
    }
}
