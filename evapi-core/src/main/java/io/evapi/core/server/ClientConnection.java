package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client: its slot, tag, and the outbound path. Senders on any thread put whole frames in a lock-free
 * queue and schedule one drain on the channel's event loop, which writes everything queued and flushes once:
 * no task per event, and the bytes waiting for this client are always known, so the bound is exact.
 */
final class ClientConnection implements EvapiConnection {
    private static final int MAX_FRAMES_PER_DRAIN = 4096;
    private static final int GATHER_LIMIT = 64 * 1024;

    private final Channel channel;
    private final int conidx;
    private final long id;
    private final String remoteAddress;
    private final int remotePort;
    private final Counters counters;
    private final AtomicLong globalQueued;
    private final Queue<ByteBuf> outbound = PlatformDependent.newMpscQueue();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicBoolean faultClosing = new AtomicBoolean();
    private static final long DROP_LOG_INTERVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private final AtomicLong slowDrops = new AtomicLong();
    private final AtomicLong lastDropLogNanos = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);
    /** For the frames' writes: a failure is counted by the batch promise, not fired down the pipeline. */
    private final ChannelPromise quietVoid;
    private final InboundEvents inbound;
    private volatile String tag;
    /** Set once the channel has its I/O thread: from then on frames can be queued for it. */
    private volatile boolean attached;

    ClientConnection(Channel channel, int conidx, long id, Counters counters, AtomicLong globalQueued,
            InboundEvents inbound) {
        this.channel = requireNonNull(channel, "channel");
        this.conidx = conidx;
        this.id = id;
        this.counters = requireNonNull(counters, "counters");
        this.globalQueued = requireNonNull(globalQueued, "globalQueued");
        this.inbound = requireNonNull(inbound, "inbound");
        // read on the accept thread, before registration: an accepted socket knows its peer
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        this.remoteAddress = remote == null ? "?" : remote.getAddress().getHostAddress();
        this.remotePort = remote == null ? 0 : remote.getPort();
        this.quietVoid = new VoidChannelPromise(channel, false);
    }

    @Override
    public int conidx() {
        return conidx;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public int remotePort() {
        return remotePort;
    }

    @Override
    public String tag() {
        return tag;
    }

    void tag(String value) {
        this.tag = value;
    }

    boolean attached() {
        return attached;
    }

    /**
     * Called on the accept thread once Netty handed the channel to its I/O thread, and when it becomes active,
     * whichever comes first.
     */
    void attach() {
        attached = true;
    }

    Channel channel() {
        return channel;
    }

    InboundEvents inbound() {
        return inbound;
    }

    boolean closeRequested() {
        return closeRequested.get();
    }

    /** Closes on request: events of this client not yet dispatched are dropped, as the caller asked. */
    void close() {
        closeRequested.set(true);
        channel.close();
    }

    /** Closes for a fault of the client; what it sent before is still dispatched. */
    io.netty.channel.ChannelFuture closeChannel() {
        return channel.close();
    }

    /**
     * Counts an event dropped for a full queue.
     *
     * @return true when it is time to say so in the log: the first drop, then at most once per 10 s, so a
     *         client hovering at its bound cannot flood the log
     */
    boolean countSlowDrop() {
        slowDrops.incrementAndGet();
        long now = System.nanoTime();
        long last = lastDropLogNanos.get();
        return now - last >= DROP_LOG_INTERVAL_NANOS && lastDropLogNanos.compareAndSet(last, now);
    }

    long slowDrops() {
        return slowDrops.get();
    }

    @Override
    public long droppedEvents() {
        return slowDrops.get();
    }

    /** True once the client is closed or being closed: events for it are no longer wanted. */
    @Override
    public boolean closing() {
        return closeRequested.get() || faultClosing.get() || !channel.isActive();
    }

    /**
     * Claims the one close for a fault (slow, stalled, idle): true for the first caller only, so concurrent
     * senders log and count it once.
     */
    boolean claimFaultClose() {
        return !closeRequested.get() && channel.isActive() && faultClosing.compareAndSet(false, true);
    }

    /** Bytes queued for this client and not yet written to the socket. */
    @Override
    public long pendingBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return queuedBytes.get() + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    /**
     * Queues a retained duplicate of a complete frame; the caller has checked {@link #closing()} and that
     * {@link #pendingBytes()} leaves room for the whole frame (two senders racing may pass the bound by a
     * frame each: it is a bound on memory, not an exact quota).
     *
     * @return false only when the server is stopping and the frame could not be handed to the event loop
     */
    boolean enqueue(ByteBuf frame) {
        int size = frame.readableBytes();
        queuedBytes.addAndGet(size);
        globalQueued.incrementAndGet();
        outbound.offer(frame.retainedDuplicate());
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                if (!channel.eventLoop().isShuttingDown()) {
                    // A bounded task queue (io.netty.eventLoop.maxPendingTasks) is full: the frames stay queued,
                    // within max_pending_bytes, and the next send tries again. Marking the client closing here
                    // would leave it in its slot for good, taking nothing.
                    drainScheduled.set(false);
                    return true;
                }
                // The server is stopping and its event loops are gone, so is this client. The flag stays set:
                // no drain will ever run, and this thread is the queue's only consumer.
                faultClosing.set(true);
                discardQueued();
                return false;
            }
        }
        return true;
    }

    /**
     * Writes what is queued, on the event loop. Small frames are copied into shared buffers of up to
     * {@link #GATHER_LIMIT} bytes: one Netty write per buffer rather than per frame, which is most of the
     * I/O thread's cost per event at high rates. Bytes leave {@code queuedBytes} only once they are in Netty's
     * outbound buffer, so {@link #pendingBytes()} never dips below the truth while a drain runs.
     */
    private void drain() {
        drainScheduled.set(false);
        if (!channel.isActive()) {
            discardQueued();
            return;
        }
        int frames = 0;
        long bytes = 0;
        ByteBuf gathered = null;
        ByteBuf frame;
        while (frames < MAX_FRAMES_PER_DRAIN && (frame = outbound.poll()) != null) {
            int size = frame.readableBytes();
            frames++;
            bytes += size;
            if (size > GATHER_LIMIT / 4) { // large: not worth a copy
                gathered = writeOut(gathered);
                writeOut(frame);
                continue;
            }
            if (gathered != null && gathered.writableBytes() < size) {
                gathered = writeOut(gathered);
            }
            if (gathered == null) {
                // sized by what is waiting now (this frame included), so a lone event gets a small buffer
                int capacity = (int) Math.min(GATHER_LIMIT, Math.max(size, queuedBytes.get()));
                gathered = channel.alloc().directBuffer(capacity, capacity);
            }
            gathered.writeBytes(frame);
            frame.release();
        }
        writeOut(gathered);
        if (frames > 0) {
            flushBatch(frames, bytes);
        }
        if (!outbound.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drain); // fair to other channels of this loop: go on later
        }
    }

    /** Hands a buffer to Netty (null: nothing); returns null for the caller's convenience. */
    private ByteBuf writeOut(ByteBuf buffer) {
        if (buffer != null) {
            int size = buffer.readableBytes();
            channel.write(buffer, quietVoid);
            queuedBytes.addAndGet(-size);
        }
        return null;
    }

    /** One promise per batch, not per frame: it completes when every earlier write of the batch has. */
    private void flushBatch(int batch, long batchBytes) {
        ChannelPromise flushed = channel.newPromise();
        channel.write(Unpooled.EMPTY_BUFFER, flushed);
        channel.flush();
        flushed.addListener((ChannelFutureListener) f -> {
            // A frame counts against context_mlimit until the socket took it, not just until Netty did.
            globalQueued.addAndGet(-batch);
            if (f.isSuccess()) {
                counters.delivered.add(batch);
                counters.bytesOut.add(batchBytes);
            } else {
                counters.drop(DropReason.CLOSED, batch);
            }
        });
    }

    /** Releases frames still queued once the channel is gone; they count as dropped. */
    void discardQueued() {
        ByteBuf frame;
        int frames = 0;
        while ((frame = outbound.poll()) != null) {
            queuedBytes.addAndGet(-frame.readableBytes());
            globalQueued.decrementAndGet();
            frame.release();
            frames++;
        }
        if (frames > 0) {
            counters.drop(DropReason.CLOSED, frames);
        }
    }
}
