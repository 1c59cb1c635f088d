package io.evapi.sip.engine.transaction;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Final-response timers (Kamailio fr_timer / fr_inv_timer) on one scheduler thread. The expiry action must only
 * hand work off (it runs on the timer thread); it is skipped when the branch was settled meanwhile.
 */
public final class FrTimers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrTimers.class);

    private final ScheduledExecutorService scheduler;

    public FrTimers(String name) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** (Re)arms the branch's timer: {@code onExpiry} runs after {@code millis} unless the branch completes first. */
    public void arm(Branch branch, long millis, Consumer<Branch> onExpiry) {
        try {
            branch.replaceTimer(scheduler.schedule(() -> {
                if (!branch.completed()) {
                    try {
                        onExpiry.accept(branch);
                    } catch (RuntimeException e) {
                        LOG.error("fr timer action failed for {}", branch.transaction(), e);
                    }
                }
            }, millis, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("fr timer not armed: engine stopping");
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Runs {@code action} on the timer thread after {@code millis}; it must only hand work off. Null when stopping. */
    public java.util.concurrent.ScheduledFuture<?> schedule(Runnable action, long millis) {
        try {
            return scheduler.schedule(action, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("timer not armed: engine stopping");
            return null;
        }
    }
}
