package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one connection, run one at a time in arrival order on a shared worker pool.
 *
 * <p>Bounded without losing anything: past {@link #HIGH_WATER} waiting events the connection stops reading
 * from its socket (TCP pushes back on the client) and reads again below {@link #LOW_WATER}. So the queue
 * holds at most the high-water mark plus the messages of one socket read.
 *
 * <p>Reading is switched on and off only on the channel's event loop ({@code paused} and {@code started} are
 * written there alone); a worker that sees the queue drained asks the event loop to resume. That keeps the
 * two threads from undoing each other's switch.
 */
final class InboundEvents {
    static final int HIGH_WATER = 1024;
    static final int LOW_WATER = 256;
    /** Events of one connection run before a pooled worker moves on to other connections waiting. */
    static final int EVENTS_PER_TURN = 64;
    private static final Logger LOG = LoggerFactory.getLogger(InboundEvents.class);

    private final Executor executor;
    private final int eventsPerTurn;
    private final Channel channel;
    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();
    /** Written on the event loop only. */
    private volatile boolean paused;
    /** Written on the event loop only: true once connection-new has run and reading may begin. */
    private boolean started;

    /**
     * @param executor   runs the events: a worker pool, where the queue of waiting tasks holds at most one
     *                   task per connection, or the I/O thread itself
     * @param onIoThread true when {@code executor} runs tasks in place on the I/O thread: no turns needed
     */
    InboundEvents(Executor executor, boolean onIoThread, Channel channel) {
        this.executor = requireNonNull(executor, "executor");
        this.eventsPerTurn = onIoThread ? Integer.MAX_VALUE : EVENTS_PER_TURN;
        this.channel = requireNonNull(channel, "channel");
    }

    /** Queues an event of this connection; called on the channel's event loop. */
    void submit(Runnable event) {
        events.offer(event);
        int now = size.incrementAndGet();
        if (now > HIGH_WATER && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
            // The worker may have drained everything before it could see the pause: check once more.
            resumeIfDrained();
        }
        if (now == 1) {
            executor.execute(this::runAll);
        }
    }

    /**
     * Runs this connection's events in order; the one task of the connection while any event waits. After a
     * turn it goes to the back of the pool's queue, so a flooding client cannot hold a worker from the others.
     */
    private void runAll() {
        int remaining;
        int ran = 0;
        do {
            Runnable event = events.poll();
            try {
                event.run();
            } catch (Throwable e) { // an Error too (a route recursing too deep): the event still leaves the queue
                failed(e);
            }
            remaining = size.decrementAndGet();
            if (paused && remaining < LOW_WATER && resumeScheduled.compareAndSet(false, true)) {
                onEventLoop(() -> {
                    resumeScheduled.set(false);
                    resumeIfDrained();
                });
            }
            if (remaining > 0 && ++ran == eventsPerTurn) {
                try {
                    executor.execute(this::runAll);
                    return;
                } catch (RejectedExecutionException e) {
                    ran = 0; // the pool is stopping: finish this connection's events here, closed event included
                }
            }
        } while (remaining > 0);
    }

    /** Listeners' own failures are caught by ServerCore; this is the last net, so it must not throw itself. */
    private void failed(Throwable e) {
        try {
            LOG.error("evapi event failed on connection {}", channel.remoteAddress(), e);
        } catch (Throwable ignored) {
            // nothing left to tell it with; the queue must go on
        }
    }

    private void resumeIfDrained() {
        if (paused && size.get() < LOW_WATER) {
            paused = false;
            if (started) {
                channel.config().setAutoRead(true);
            }
        }
    }

    /** Starts reading once connection-new has run; safe from any thread. */
    void start() {
        if (channel.eventLoop().inEventLoop()) {
            started = true;
            if (!paused) {
                channel.config().setAutoRead(true);
            }
        } else {
            onEventLoop(this::start);
        }
    }

    private void onEventLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // the server is stopping: its event loops, and this channel, are gone
        }
    }
}
