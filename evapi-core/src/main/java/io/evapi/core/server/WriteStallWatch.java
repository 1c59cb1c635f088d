package io.evapi.core.server;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Kamailio's {@code send_data_timeout} without a blocking socket: a client whose pending output makes no
 * progress for the timeout is reported once. Runs on the channel's event loop a few times per timeout and
 * looks at the head of Netty's outbound buffer: a frame finished (the head changed) or a part of it written
 * (its progress moved) is progress. New frames queued behind a stuck head are not, so a client that stops
 * reading is caught even while events keep coming. No cost per write.
 */
final class WriteStallWatch {
    private final Channel channel;
    private final long timeoutNanos;
    private final Runnable onStall;
    private ScheduledFuture<?> task;
    private Object lastHead;
    private long lastProgress;
    private long stalledSince;

    WriteStallWatch(Channel channel, long timeoutMillis, Runnable onStall) {
        this.channel = requireNonNull(channel, "channel");
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.onStall = requireNonNull(onStall, "onStall");
    }

    /** Starts watching; call on the event loop. */
    void start() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), timeoutNanos / 4);
        task = channel.eventLoop().scheduleAtFixedRate(this::check, period, period, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void check() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        Object head = buffer == null ? null : buffer.current();
        long now = System.nanoTime();
        if (head == null) {
            lastHead = null; // nothing handed to the socket is waiting: idle is not stalled
            return;
        }
        long progress = buffer.currentProgress();
        if (head != lastHead || progress != lastProgress) {
            lastHead = head;
            lastProgress = progress;
            stalledSince = now;
            return;
        }
        if (now - stalledSince >= timeoutNanos) {
            stop();
            onStall.run();
        }
    }
}
