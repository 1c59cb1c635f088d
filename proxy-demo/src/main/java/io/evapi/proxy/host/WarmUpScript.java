package io.evapi.proxy.host;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.sip.engine.RequestContext;
import io.evapi.sip.engine.SipRouter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.sip.message.Response;

/**
 * The routing script of the SIP warm-up ({@code warm-up.cfg}, Kamailio syntax, the bundled SIP modules only): the
 * engine runs half of its warm-up calls through it, so the interpreter, the pseudo-variables and the common
 * functions are compiled before the first real request. It has modules of its own, stopped when it is closed; the
 * user's config and its modules never see the warm-up.
 */
final class WarmUpScript implements SipRouter, AutoCloseable {
    private static final String RESOURCE = "warm-up.cfg";

    private final CompiledConfig config;
    private final ScriptRouter router;

    private WarmUpScript(CompiledConfig config) {
        this.config = requireNonNull(config, "config");
        this.router = new ScriptRouter(config);
    }

    /** Loads and starts the script with INVITEs relayed to the warm-up's callee on {@code calleePort}. */
    static WarmUpScript start(int calleePort) {
        String text;
        try (InputStream in = WarmUpScript.class.getResourceAsStream(RESOURCE)) {
            text = new String(requireNonNull(in, RESOURCE).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
        CompiledConfig config;
        try {
            config = ProxyHost.load(text.replace("@CALLEE@", "sip:127.0.0.1:" + calleePort), RESOURCE);
        } catch (ConfigException e) {
            throw new IllegalStateException(RESOURCE + ": " + e.getMessage(), e);
        }
        try {
            config.start();
        } catch (Exception e) {
            config.stop();
            throw new IllegalStateException(RESOURCE + ": modules did not start: " + e, e);
        }
        return new WarmUpScript(config);
    }

    @Override
    public void onRequest(RequestContext ctx) {
        router.onRequest(ctx);
    }

    @Override
    public void onFailure(String routeName, RequestContext ctx) {
        router.onFailure(routeName, ctx);
    }

    @Override
    public void onReply(String routeName, RequestContext ctx, Response response) {
        router.onReply(routeName, ctx, response);
    }

    @Override
    public boolean onBranch(String routeName, RequestContext ctx) {
        return router.onBranch(routeName, ctx);
    }

    @Override
    public void close() {
        config.stop();
    }
}
