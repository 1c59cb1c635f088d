package io.evapi.proxy.script;

import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptHost;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes the core runs by itself rather than for a message: OpenSIPS's {@code startup_route} and Kamailio's
 * {@code event_route[core:worker-one-init]}, each once when the proxy starts (after the modules, before SIP),
 * and OpenSIPS's {@code timer_route[name, seconds]}, every so many seconds (first after one period) on one timer
 * thread, as OpenSIPS's timer process. Where configs subscribe to events: once at start, or refreshed on a timer.
 */
final class StartupRoutes {
    private static final Logger LOG = LoggerFactory.getLogger("script");
    static final String WORKER_ONE_INIT = "core:worker-one-init";

    private final CompiledConfig config;
    private final RouteTable routes;
    private ScheduledExecutorService timers;

    StartupRoutes(CompiledConfig config, RouteTable routes) {
        this.config = config;
        this.routes = routes;
    }

    synchronized void start() {
        for (ScriptHost.Route r : routes.ofKind(ScriptHost.RouteKind.STARTUP)) {
            config.execute(r, RouteType.STARTUP, run -> { });
        }
        ScriptHost.Route workerOne = routes.find(ScriptHost.RouteKind.EVENT, WORKER_ONE_INIT);
        if (workerOne != null) {
            config.execute(workerOne, RouteType.EVENT, run -> { });
        }
        List<ScriptHost.Route> timerRoutes = routes.ofKind(ScriptHost.RouteKind.TIMER);
        if (timerRoutes.isEmpty() || timers != null) {
            return;
        }
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "timer_route");
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        for (ScriptHost.Route r : timerRoutes) {
            long seconds = routes.interval(r);
            pool.scheduleAtFixedRate(() -> runTimer(r), seconds, seconds, TimeUnit.SECONDS);
        }
        timers = pool;
    }

    private void runTimer(ScriptHost.Route r) {
        try {
            config.execute(r, RouteType.TIMER, run -> { });
        } catch (RuntimeException e) {
            LOG.error("timer_route[{}] failed", r.name(), e); // the next period runs all the same
        }
    }

    synchronized void stop() {
        if (timers != null) {
            timers.shutdownNow();
            timers = null;
        }
    }
}
