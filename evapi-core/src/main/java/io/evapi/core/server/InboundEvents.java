package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one connection, run one at a time in arrival order on a shared worker pool.
 *
 * <p>Bounded without losing anything: past {@link #HIGH_WATER} waiting events the connection stops reading
 * from its socket (TCP pushes back on the client) and reads again below {@link #LOW_WATER}. So the queue
 * holds at most the high-water mark plus the messages of one socket read.
 */
final class InboundEvents {
    static final int HIGH_WATER = 1024;
    static final int LOW_WATER = 256;
    private static final Logger LOG = LoggerFactory.getLogger(InboundEvents.class);

    private final Executor executor;
    private final Channel channel;
    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile boolean paused;

    InboundEvents(Executor executor, Channel channel) {
        this.executor = requireNonNull(executor, "executor");
        this.channel = requireNonNull(channel, "channel");
    }

    void submit(Runnable event) {
        events.offer(event);
        int now = size.incrementAndGet();
        if (now > HIGH_WATER && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
        if (now == 1) {
            executor.execute(this::runAll);
        }
    }

    private void runAll() {
        do {
            Runnable event = events.poll();
            try {
                event.run();
            } catch (RuntimeException e) {
                LOG.error("evapi listener failed on connection {}", channel.remoteAddress(), e);
            } finally {
                if (paused && size.get() < LOW_WATER) {
                    paused = false;
                    channel.config().setAutoRead(true);
                }
            }
        } while (size.decrementAndGet() > 0);
    }

    /** Stops reading until {@link #resume()}; used while connection-new runs. */
    void holdReading() {
        channel.config().setAutoRead(false);
    }

    void resume() {
        if (!paused) {
            channel.config().setAutoRead(true);
        }
    }
}
