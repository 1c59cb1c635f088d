package io.evapi.proxy.modules.stream;

import io.evapi.proxy.spi.LogGate;
import io.evapi.proxy.spi.event.DeliveryListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination address of event_stream (OpenSIPS's {@code stream_con}): one persistent TCP connection that
 * every socket naming this address shares, created on the first event and after a broken one (never eagerly),
 * its queue of events and its counters.
 *
 * <p>A raising thread only {@link #offer}s: the event joins a lock-free queue, counted against
 * {@code queue_size} (the events queued, written but not yet taken by the kernel, and in reliable mode waiting for
 * their reply); one more is dropped and counted. Everything else runs on the destination's event loop thread:
 * connecting, writing (each event's JSON object as it is, back to back, no delimiter), reading replies, the
 * reliable-mode timeout sweep. A connection that fails, closes or answers garbage fails what is pending on it; the
 * next event connects again.
 */
final class StreamDestination {
    private static final Logger LOG = LoggerFactory.getLogger(StreamDestination.class);

    /** One event on its way: its bytes, its reliable-mode id (0 without), its listener. Loop thread after offer. */
    static final class Job {
        final byte[] payload;
        final int id;
        final long createdNanos;
        final DeliveryListener listener;
        boolean done;

        Job(byte[] payload, int id, DeliveryListener listener) {
            this.payload = payload;
            this.id = id;
            this.createdNanos = System.nanoTime();
            this.listener = listener == null ? DeliveryListener.NONE : listener;
        }
    }

    private enum State { IDLE, CONNECTING, CONNECTED }

    final InetSocketAddress address;
    final String name;
    private final EventLoop loop;
    private final StreamSettings settings;
    private final Queue<Job> jobs = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final LogGate dropLog = new LogGate();
    private final LogGate failLog = new LogGate();
    /** Sockets sharing this destination; guarded by the client. */
    int refs;

    // counters, read by MI on any thread
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder badReplies = new LongAdder();
    volatile String lastError;
    volatile boolean connected;
    private volatile boolean released;

    // loop thread only
    private State state = State.IDLE;
    private Channel channel;
    private ReplyParser parser;
    private final Map<Integer, Job> awaiting = new LinkedHashMap<>();
    private ScheduledFuture<?> sweep;

    StreamDestination(InetSocketAddress address, EventLoop loop, StreamSettings settings) {
        this.address = address;
        this.name = address.getAddress().getHostAddress() + ":" + address.getPort();
        this.loop = loop;
        this.settings = settings;
        if (settings.reliable()) {
            long period = Math.max(10, Math.min(250, settings.timeoutMillis() / 4));
            try {
                sweep = loop.scheduleAtFixedRate(this::sweepTimeouts, period, period, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    int pending() {
        return pending.get();
    }

    /** Whether the destination holds {@code queue_size} events now: the raise can drop without building a payload. */
    boolean full() {
        return pending.get() >= settings.queueSize();
    }

    /** Counts and logs one event dropped because the queue is full, and tells its listener. */
    void drop(DeliveryListener listener) {
        dropped.increment();
        if (dropLog.allowSampled()) {
            LOG.warn("event_stream: queue for tcp:{} full ({} events waiting or unanswered), event dropped;"
                    + " {} dropped so far (modparam event_stream queue_size)", name, settings.queueSize(),
                    dropped.sum());
        }
        (listener == null ? DeliveryListener.NONE : listener).completed(false, "queue full");
    }

    /**
     * Takes one event for this destination, on the raising thread; never blocks.
     *
     * @return false when it was refused (queue full, or the destination is gone): the listener has been told
     */
    boolean offer(Job job) {
        if (released) {
            job.listener.completed(false, "destination " + name + " released");
            return false;
        }
        if (pending.incrementAndGet() > settings.queueSize()) {
            pending.decrementAndGet();
            drop(job.listener);
            return false;
        }
        jobs.add(job);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                failQueued("event_stream is stopping");
            }
        }
        return true;
    }

    private void drain() {
        drainScheduled.set(false);
        if (released) {
            failQueued("destination released");
            return;
        }
        switch (state) {
            case CONNECTED -> writeQueued();
            case IDLE -> {
                if (!jobs.isEmpty()) {
                    connect();
                }
            }
            case CONNECTING -> {
                // the connect completion writes or fails what is queued
            }
        }
    }

    private void connect() {
        state = State.CONNECTING;
        ChannelFuture f;
        try {
            f = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .handler(new Handler())
                    .connect(address);
        } catch (RuntimeException e) {
            state = State.IDLE;
            connectFailed(e);
            return;
        }
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                state = State.IDLE;
                connectFailed(cf.cause());
                return;
            }
            if (released) {
                cf.channel().close();
                state = State.IDLE;
                failQueued("destination released");
                return;
            }
            channel = cf.channel();
            state = State.CONNECTED;
            connected = true;
            connects.increment();
            parser = settings.reliable() ? new ReplyParser() : null;
            LOG.debug("event_stream: connected to tcp:{}", name);
            writeQueued();
        });
    }

    private void connectFailed(Throwable cause) {
        String error = "connect failed: " + describe(cause);
        lastError = error;
        int n = failQueued(error);
        if (failLog.allow()) {
            LOG.warn("event_stream: cannot connect to tcp:{} ({}); {} event(s) failed; the next event tries again",
                    name, describe(cause), n);
        }
    }

    private void writeQueued() {
        Channel ch = channel;
        Job j;
        int n = 0;
        while ((j = jobs.poll()) != null) {
            write(ch, j);
            if (++n % 256 == 0) {
                ch.flush();
            }
        }
        if (n > 0) {
            ch.flush();
        }
    }

    private void write(Channel ch, Job j) {
        if (settings.reliable()) {
            awaiting.put(j.id, j);
        }
        ChannelPromise p = ch.newPromise();
        p.addListener(f -> {
            if (f.isSuccess()) {
                sent.increment();
                if (!settings.reliable()) {
                    complete(j, true, null);
                }
            } else {
                if (settings.reliable()) {
                    awaiting.remove(j.id);
                }
                failed(j, "write failed: " + describe(f.cause()));
            }
        });
        ch.write(Unpooled.wrappedBuffer(j.payload), p);
    }

    private void complete(Job j, boolean ok, String reason) {
        if (j.done) {
            return;
        }
        j.done = true;
        pending.decrementAndGet();
        try {
            j.listener.completed(ok, reason);
        } catch (RuntimeException e) {
            LOG.error("event_stream: a delivery listener failed", e);
        }
    }

    private void failed(Job j, String reason) {
        if (!j.done) {
            failed.increment();
            lastError = reason;
        }
        complete(j, false, reason);
    }

    /** Fails what is queued and not yet written; returns how many. */
    private int failQueued(String reason) {
        int n = 0;
        Job j;
        while ((j = jobs.poll()) != null) {
            failed(j, reason);
            n++;
        }
        return n;
    }

    private void reply(long id, String error) {
        Job j = awaiting.remove((int) id);
        if (j == null) {
            LOG.debug("event_stream: tcp:{} answered id {}, which nothing waits for", name, id);
            return;
        }
        if (error == null) {
            acked.increment();
            complete(j, true, null);
        } else {
            errors.increment();
            lastError = "error reply: " + error;
            complete(j, false, "error reply: " + error);
        }
    }

    private void sweepTimeouts() {
        if (awaiting.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        long limit = TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
        int n = 0;
        for (Iterator<Job> it = awaiting.values().iterator(); it.hasNext();) {
            Job j = it.next();
            if (now - j.createdNanos < limit) {
                break;
            }
            it.remove();
            if (!j.done) {
                timeouts.increment();
                n++;
                complete(j, false, "no reply within " + settings.timeoutMillis() + " ms");
            }
        }
        if (n > 0) {
            lastError = "no reply within " + settings.timeoutMillis() + " ms";
            if (failLog.allow()) {
                LOG.warn("event_stream: tcp:{} did not answer {} event(s) within {} ms (reliable_mode); {} so far", name,
                        n, settings.timeoutMillis(), timeouts.sum());
            }
        }
    }

    private void closed(Channel ch, String why) {
        if (ch != channel) {
            return;
        }
        channel = null;
        parser = null;
        state = State.IDLE;
        connected = false;
        List<Job> lost = new ArrayList<>(awaiting.values());
        awaiting.clear();
        String reason = "connection closed" + (why == null ? "" : ": " + why);
        for (Job j : lost) {
            failed(j, reason);
        }
        if (why != null || !lost.isEmpty()) {
            lastError = reason;
        }
        if (failLog.allow() && (why != null || !lost.isEmpty())) {
            LOG.warn("event_stream: connection to tcp:{} closed ({}); {} event(s) failed; the next event reconnects",
                    name, why == null ? "by the peer" : why, lost.size());
        } else {
            LOG.debug("event_stream: connection to tcp:{} closed", name);
        }
        if (!jobs.isEmpty() && !released) {
            connect(); // events raised after the break: the next event reconnects
        }
    }

    /** No socket names this destination any more: close it (loop thread does the work). */
    void release() {
        released = true;
        try {
            loop.execute(() -> {
                if (sweep != null) {
                    sweep.cancel(false);
                }
                Channel ch = channel;
                if (ch != null) {
                    ch.close();
                }
                failQueued("destination released");
            });
        } catch (RejectedExecutionException e) {
            // the loop is gone already
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private String closing;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                ReplyParser p = parser;
                if (p == null || ctx.channel() != channel) {
                    return; // reliable_mode 0: what the peer sends is read and discarded, as OpenSIPS does
                }
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                try {
                    p.feed(bytes, 0, bytes.length, StreamDestination.this::reply);
                } catch (ReplyParser.ReplyException e) {
                    badReplies.increment();
                    closing = "bad reply: " + e.getMessage();
                    ctx.close();
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed(ctx.channel(), closing);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (closing == null) {
                closing = describe(cause);
            }
            ctx.close();
        }
    }

    static String describe(Throwable t) {
        if (t instanceof ConnectException && t.getMessage() != null) {
            return t.getMessage().replaceFirst(":.*", "");
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public String toString() {
        return "tcp:" + name;
    }
}
