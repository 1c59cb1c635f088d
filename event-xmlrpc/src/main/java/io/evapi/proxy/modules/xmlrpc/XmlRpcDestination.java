package io.evapi.proxy.modules.xmlrpc;

import io.evapi.proxy.spi.LogGate;
import io.evapi.proxy.spi.event.DeliveryListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
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
 * One destination address of event_xmlrpc: a new TCP connection per event (as OpenSIPS), the request written in
 * one go, then the connection shut down and closed without reading the reply. At most {@code connections} such
 * connections at a time (1, OpenSIPS's single sender: events leave in order); the events waiting for their turn
 * are bounded by {@code queue_size} and dropped and counted beyond it. A connection that is refused, does not
 * open or cannot take the request within {@code timeout} fails that event alone.
 *
 * <p>The raising thread only {@link #offer}s; connecting and writing run on the destination's event loop thread,
 * which never waits.
 */
final class XmlRpcDestination {
    private static final Logger LOG = LoggerFactory.getLogger(XmlRpcDestination.class);

    /** One request on its way. Loop thread after offer. */
    static final class Job {
        final byte[] request;
        final DeliveryListener listener;
        boolean done;

        Job(byte[] request, DeliveryListener listener) {
            this.request = request;
            this.listener = listener == null ? DeliveryListener.NONE : listener;
        }
    }

    final InetSocketAddress address;
    final String name;
    private final EventLoop loop;
    private final XmlRpcSettings settings;
    private final Queue<Job> jobs = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final LogGate dropLog = new LogGate();
    private final LogGate failLog = new LogGate();
    /** Sockets sharing this destination; guarded by the transport. */
    int refs;
    private int inFlight; // loop thread only

    final LongAdder sent = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder syncTimeouts = new LongAdder();
    volatile String lastError;
    private volatile boolean released;

    XmlRpcDestination(InetSocketAddress address, EventLoop loop, XmlRpcSettings settings) {
        this.address = address;
        this.name = address.getAddress().getHostAddress() + ":" + address.getPort();
        this.loop = loop;
        this.settings = settings;
    }

    EventLoop loop() {
        return loop;
    }

    /** Events queued or being sent. */
    int pending() {
        return pending.get();
    }

    /** Whether {@code queue_size} requests wait now: the raise can drop without building the request. */
    boolean full() {
        return pending.get() >= settings.queueSize();
    }

    /** Counts and logs one event dropped because the queue is full, and tells its listener. */
    void drop(DeliveryListener listener) {
        dropped.increment();
        if (dropLog.allowSampled()) {
            LOG.warn("event_xmlrpc: queue for {} full ({} requests waiting), event dropped; {} dropped so far"
                    + " (modparam event_xmlrpc queue_size)", name, settings.queueSize(), dropped.sum());
        }
        (listener == null ? DeliveryListener.NONE : listener).completed(false, "queue full");
    }

    /** @return false when refused (queue full, destination released): the listener has been told */
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
                Job j;
                while ((j = jobs.poll()) != null) {
                    finish(j, false, "event_xmlrpc is stopping");
                }
            }
        }
        return true;
    }

    private void drain() {
        drainScheduled.set(false);
        Job j;
        while (inFlight < settings.connections() && (j = jobs.poll()) != null) {
            if (released) {
                finish(j, false, "destination released");
                continue;
            }
            inFlight++;
            send(j);
        }
    }

    private void send(Job j) {
        ChannelFuture connect;
        try {
            connect = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.timeoutMillis())
                    .option(ChannelOption.AUTO_READ, false) // the reply is never read, as in OpenSIPS
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close();
                        }
                    })
                    .connect(address);
        } catch (RuntimeException e) {
            sendDone(j, false, "connect failed: " + describe(e));
            return;
        }
        connect.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                sendDone(j, false, "connect failed: " + describe(cf.cause()));
                return;
            }
            Channel ch = cf.channel();
            ScheduledFuture<?> deadline = ch.eventLoop().schedule(() -> {
                if (!j.done) {
                    sendDone(j, false, "request not written within " + settings.timeoutMillis() + " ms");
                }
                ch.close();
            }, settings.timeoutMillis(), TimeUnit.MILLISECONDS);
            ch.writeAndFlush(Unpooled.wrappedBuffer(j.request)).addListener(w -> {
                deadline.cancel(false);
                if (w.isSuccess()) {
                    sendDone(j, true, null);
                    // OpenSIPS: shutdown(SHUT_RDWR) and close, the reply unread
                    ((NioSocketChannel) ch).shutdownOutput().addListener(s -> ch.close());
                } else {
                    sendDone(j, false, "write failed: " + describe(w.cause()));
                    ch.close();
                }
            });
        });
    }

    private void sendDone(Job j, boolean ok, String reason) {
        if (j.done) {
            return;
        }
        inFlight--;
        finish(j, ok, reason);
        drain();
    }

    private void finish(Job j, boolean ok, String reason) {
        if (j.done) {
            return;
        }
        j.done = true;
        pending.decrementAndGet();
        if (ok) {
            sent.increment();
        } else {
            failed.increment();
            lastError = reason;
            if (failLog.allow()) {
                LOG.warn("event_xmlrpc: event to {} not sent ({}); {} failure(s) so far", name, reason, failed.sum());
            }
        }
        try {
            j.listener.completed(ok, reason);
        } catch (RuntimeException e) {
            LOG.error("event_xmlrpc: a delivery listener failed", e);
        }
    }

    void release() {
        released = true;
        try {
            loop.execute(this::drain); // fails what is queued
        } catch (RejectedExecutionException e) {
            // the loop is gone already
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
        return name;
    }
}
