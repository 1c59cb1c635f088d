package io.evapi.proxy.host;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.config.CoreSettings;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.spi.sip.TransactionControl;
import io.evapi.sip.engine.ListenPoint;
import io.evapi.sip.engine.SipEngine;
import io.evapi.sip.engine.SipEngineConfig;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A compiled config with its modules started and the SIP engine routing through it. */
public final class RunningProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningProxy.class);

    private final CompiledConfig config;
    private final SipEngine engine;

    private RunningProxy(CompiledConfig config, SipEngine engine) {
        this.config = requireNonNull(config, "config");
        this.engine = requireNonNull(engine, "engine");
    }

    /**
     * Starts the modules, then the SIP listeners, then attaches the engine to the transaction control the
     * config was loaded with ({@link ProxyHost#options}); if the engine cannot start, the modules are stopped.
     */
    public static RunningProxy start(CompiledConfig config) throws Exception {
        config.warnings().forEach(w -> LOG.warn("{}", w));
        config.start();
        try {
            ScriptRouter router = new ScriptRouter(config);
            SipEngine engine = SipEngine.start(engineConfig(config), router, WarmUpScript::start);
            config.service(TransactionControl.class)
                    .filter(EngineTransactions.class::isInstance).map(EngineTransactions.class::cast)
                    .ifPresent(t -> t.attach(engine, router));
            LOG.info("SIP listening on {}", engine.listenPoints());
            return new RunningProxy(config, engine);
        } catch (Exception | Error e) {
            config.stop();
            throw e;
        }
    }

    /** listen= sockets (default udp and tcp on 127.0.0.1:5060), tm's timers, a pool of twice children. */
    static SipEngineConfig engineConfig(CompiledConfig config) {
        CoreSettings s = config.settings();
        List<ListenPoint> listen = s.listen().stream()
                .filter(l -> !(s.disableTcp() && l.transport().equals("tcp")))
                .map(l -> new ListenPoint(l.transport(), l.host(), l.port())).toList();
        if (listen.isEmpty()) {
            listen = s.disableTcp() ? List.of(ListenPoint.udp("127.0.0.1", 5060))
                    : List.of(ListenPoint.udp("127.0.0.1", 5060), ListenPoint.tcp("127.0.0.1", 5060));
        }
        Map<String, Object> tm = config.parameters("tm");
        long fr = ((Number) tm.getOrDefault("fr_timer", SipEngineConfig.DEFAULT_FR_TIMER_MILLIS)).longValue();
        long frInv = ((Number) tm.getOrDefault("fr_inv_timer", SipEngineConfig.DEFAULT_FR_INV_TIMER_MILLIS)).longValue();
        int maxTransactions = ((Number) tm.getOrDefault("max_transactions",
                SipEngineConfig.DEFAULT_MAX_TRANSACTIONS)).intValue();
        return new SipEngineConfig(listen, Math.min(1024, 2 * s.children()), fr, frInv, maxTransactions);
    }

    public SipEngine engine() {
        return engine;
    }

    public CompiledConfig config() {
        return config;
    }

    /** Stops SIP first, so no request runs against stopped modules. */
    @Override
    public void close() {
        engine.close();
        config.stop();
    }
}
