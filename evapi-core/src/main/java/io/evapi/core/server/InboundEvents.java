package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import io.evapi.log.RateLimitedLog;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one connection, run one at a time in arrival order on a shared worker pool.
 *
 * <p>Bounded by bytes without losing anything: once this connection's waiting messages are over {@code
 * max_inbound_bytes}, or all connections' together over {@code max_inbound_total_bytes}, the connection stops
 * reading from its socket (TCP pushes back on the client); it reads again when its own queue is down to half its
 * bound and the total to half the total. A queue holds at most its bound plus the messages of one socket read.
 * Counting bytes, not only messages: a thousand 1 MiB messages are a gigabyte. The count is bounded too
 * ({@link #MAX_EVENTS}), so a backlog of tiny messages does not grow long in time.
 *
 * <p>Reading is switched on and off only on the channel's event loop ({@code paused} and {@code started} are
 * written there alone); a worker that drained the queue, or a release of the total, asks the event loop to
 * resume. That keeps the threads from undoing each other's switch.
 */
final class InboundEvents {
    /** Counted per waiting message on top of its bytes: the string, the task, the queue node. */
    static final int MESSAGE_OVERHEAD = 128;
    /** Besides the bytes, at most this many messages wait, so a backlog of tiny ones stays short in time too. */
    static final int MAX_EVENTS = 1024;
    static final int RESUME_EVENTS = 256;
    /** Events of one connection run before a pooled worker moves on to other connections waiting. */
    static final int EVENTS_PER_TURN = 64;
    private static final Logger LOG = LoggerFactory.getLogger(InboundEvents.class);
    private static final RateLimitedLog QUEUE_FULL = new RateLimitedLog(LOG, ServerCore.WARNING_INTERVAL);

    private final Executor executor;
    private final int eventsPerTurn;
    private final Channel channel;
    private final InboundBudget budget;
    private final long maxBytes;
    private final Queue<Waiting> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();
    private final AtomicBoolean awaitingBudget = new AtomicBoolean();
    /** Written on the event loop only. */
    private volatile boolean paused;
    /** Written on the event loop only: true once connection-new has run and reading may begin. */
    private boolean started;

    private record Waiting(Runnable event, long cost) {
    }

    /**
     * @param executor   runs the events: a worker pool, where the queue of waiting tasks holds at most one
     *                   task per connection, or the I/O thread itself
     * @param onIoThread true when {@code executor} runs tasks in place on the I/O thread: no turns needed
     * @param maxBytes   this connection's bound ({@code max_inbound_bytes})
     */
    InboundEvents(Executor executor, boolean onIoThread, Channel channel, InboundBudget budget, long maxBytes) {
        this.executor = requireNonNull(executor, "executor");
        this.eventsPerTurn = onIoThread ? Integer.MAX_VALUE : EVENTS_PER_TURN;
        this.channel = requireNonNull(channel, "channel");
        this.budget = requireNonNull(budget, "budget");
        this.maxBytes = maxBytes;
    }

    /** Queues an event of this connection carrying {@code payloadBytes} of message; on the channel's event loop. */
    void submit(Runnable event, int payloadBytes) {
        long cost = payloadBytes + (long) MESSAGE_OVERHEAD;
        events.offer(new Waiting(event, cost));
        bytes.addAndGet(cost);
        budget.add(cost);
        int now = size.incrementAndGet();
        if (!paused && (now > MAX_EVENTS || bytes.get() > maxBytes || budget.full())) {
            paused = true;
            channel.config().setAutoRead(false);
            // The worker may have drained everything before it could see the pause: check once more.
            resumeIfRoom();
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
            Waiting waiting = events.poll();
            try {
                waiting.event().run();
            } catch (Throwable e) { // an Error too (a route recursing too deep): the event still leaves the queue
                failed(e);
            }
            remaining = done(waiting.cost());
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

    /** Gives an event's bytes back; asks for reading to resume once this queue is down to half its bound. */
    private int done(long cost) {
        long left = bytes.addAndGet(-cost);
        budget.release(cost);
        int remaining = size.decrementAndGet();
        if (paused && left <= maxBytes / 2 && remaining <= RESUME_EVENTS) {
            requestResume();
        }
        return remaining;
    }

    /** Listeners' own failures are caught by ServerCore; this is the last net, so it must not throw itself. */
    private void failed(Throwable e) {
        try {
            LOG.error("evapi event failed on connection {}", channel.remoteAddress(), e);
        } catch (Throwable ignored) {
            // nothing left to tell it with; the queue must go on
        }
    }

    /** Called by the budget when the total came down; from any thread. */
    void budgetFreed() {
        awaitingBudget.set(false);
        requestResume();
    }

    private void requestResume() {
        if (resumeScheduled.compareAndSet(false, true) && !onEventLoop(() -> {
            resumeScheduled.set(false);
            resumeIfRoom();
        })) {
            resumeScheduled.set(false); // not handed over: the next event done or release asks again
        }
    }

    /** On the event loop: reads again if both this queue and the total have room. */
    private void resumeIfRoom() {
        if (!paused || bytes.get() > maxBytes / 2 || size.get() > RESUME_EVENTS) {
            return; // still full: the worker asks again as it drains this queue
        }
        if (!budget.roomToResume()) {
            if (awaitingBudget.compareAndSet(false, true)) {
                budget.await(this);
            }
            if (!budget.roomToResume()) {
                return; // the release that makes room wakes this connection
            }
        }
        paused = false;
        if (started) {
            channel.config().setAutoRead(true);
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

    /** False when the event loop refused the task: it is stopping, or its bounded task queue is full. */
    private boolean onEventLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            if (!channel.eventLoop().isShuttingDown()) {
                QUEUE_FULL.warn("queue-full", "evapi connection {}: its I/O thread's task queue is full"
                        + " (io.netty.eventLoop.maxPendingTasks); reading resumes at its next event",
                        channel.remoteAddress());
            }
            return false;
        }
    }
}
