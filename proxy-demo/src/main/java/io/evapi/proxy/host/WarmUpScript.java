package io.evapi.proxy.host;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.sip.engine.ForwardingRouter;
import io.evapi.sip.engine.SipRouter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The routing script of the SIP warm-up ({@code warm-up.cfg}, Kamailio syntax, the bundled SIP modules only): once
 * the engine's own warm-up routes are compiled, its later warm-up calls run through this, so the interpreter, the
 * pseudo-variables and the common functions are compiled before the first real request. It has modules of its own, stopped when it is closed; the
 * user's config and its modules never see the warm-up.
 */
final class WarmUpScript extends ForwardingRouter implements AutoCloseable {
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
    protected SipRouter delegate() {
        return router;
    }

    @Override
    public void close() {
        config.stop();
    }
}
