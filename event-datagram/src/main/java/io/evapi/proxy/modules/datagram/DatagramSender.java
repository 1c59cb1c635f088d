package io.evapi.proxy.modules.datagram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes event datagrams. A raise (on a SIP thread, an MI worker, ...) only offers the
 * shared payload to a bounded queue and returns; what does not fit is dropped and counted for that subscriber.
 * A failed send (a refused port, a missing unix socket, a datagram too large) is counted per subscriber and
 * logged at most every 10 seconds per subscriber; the next event is tried all the same, as OpenSIPS does.
 */
final class DatagramSender {
    private static final Logger LOG = LoggerFactory.getLogger(DatagramSender.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int BATCH = 256;

    private record Job(Target target, byte[] payload) {
    }

    private final BlockingQueue<Job> queue;
    private final AtomicLong droppedTotal = new AtomicLong();
    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private volatile Thread thread;
    private volatile boolean running;

    DatagramSender(int queueSize) {
        this.queue = new ArrayBlockingQueue<>(queueSize);
    }

    /** @return false when the queue is full (the event is dropped for this subscriber and counted) */
    boolean offer(Target target, byte[] payload) {
        if (queue.offer(new Job(target, payload))) {
            return true;
        }
        target.dropped.incrementAndGet();
        long n = droppedTotal.incrementAndGet();
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastDropLog.compareAndSet(last, now)) {
            LOG.warn("event_datagram: send queue full ({} datagrams), event for {} dropped; {} dropped so far"
                    + " (modparam event_datagram queue_size)", queue.size(), target, n);
        }
        return false;
    }

    long dropped() {
        return droppedTotal.get();
    }

    int queued() {
        return queue.size();
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "event_datagram-sender");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        List<Job> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Job first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
            } catch (InterruptedException e) {
                break;
            }
            for (Job j : batch) {
                send(j);
            }
            batch.clear();
        }
        // stopping: what is still queued is sent, so a clean shutdown loses nothing already raised
        List<Job> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(this::send);
    }

    private void send(Job j) {
        Target t = j.target();
        if (t.released) {
            return;
        }
        try {
            t.send(ByteBuffer.wrap(j.payload()));
            t.sent.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            if (t.released) {
                return;
            }
            long n = t.failed.incrementAndGet();
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            t.lastError = error;
            if (n == 1 || t.shouldLog(LOG_EVERY_NANOS)) {
                LOG.warn("event_datagram: sending to {} failed ({}); {} failure(s) so far", t, error, n);
            }
        }
    }

    synchronized void stop() {
        running = false;
        Thread t = thread;
        thread = null;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
