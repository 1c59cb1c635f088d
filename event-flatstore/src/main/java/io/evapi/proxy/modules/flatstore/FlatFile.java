package io.evapi.proxy.modules.flatstore;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.evapi.proxy.spi.event.DeliveryListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One flatstore file (OpenSIPS's {@code flat_file}): the path every socket naming it shares, the name it is
 * written under now (the path and the {@code suffix} evaluated at the last rotation), its rotation counters, the
 * bounded queue of lines raised for it, and the one thread that writes them, so a file whose disk is slow (or a
 * FIFO nobody reads) holds up nobody else. The thread opens the file on the first line (created with
 * {@code file_permissions}, appended to) and again after a rotation.
 */
final class FlatFile {
    private static final Logger LOG = LoggerFactory.getLogger(FlatFile.class);
    private static final int BATCH = 1024;

    /** One line on its way. */
    record Line(byte[] bytes, DeliveryListener listener) {
    }

    /** Told of each rotation: why, the new name, the previous one ("" when none was open). */
    interface RotationListener {
        void rotated(FlatFile file, String reason, String filename, String oldFilename);
    }

    final String path;
    private final FlatSettings settings;
    private final RotationListener rotations;
    private final BlockingQueue<Line> queue;
    private final LogLimit dropLog = new LogLimit();
    private final LogLimit failLog = new LogLimit();
    /** Sockets naming this file; guarded by the transport. */
    int refs;

    // rotation state, guarded by this
    private String currentName;
    private int version;
    private long recordCount;
    private long bytesWritten;

    final LongAdder written = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder rotationsDone = new LongAdder();
    volatile String lastError;

    // writer thread only
    private FileChannel channel;
    private int openedVersion = -1;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final List<Line> inBuffer = new ArrayList<>();

    private volatile boolean running = true;
    private final Thread writer;

    FlatFile(String path, FlatSettings settings, RotationListener rotations) {
        this.path = path;
        this.settings = settings;
        this.rotations = rotations;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        this.writer = new Thread(this::run, "event_flatstore " + path);
        writer.setDaemon(true);
        writer.start();
    }

    /** The name lines go to now (before the first line: the name they will go to). */
    synchronized String currentName() {
        if (currentName == null) {
            currentName = path + settings.suffix().evaluate(System.currentTimeMillis());
        }
        return currentName;
    }

    int queued() {
        return queue.size();
    }

    /** Whether the queue is full now: the raise can drop the event without building its line. */
    boolean full() {
        return queue.remainingCapacity() == 0;
    }

    /** On the raising thread; never blocks. @return false when the queue is full (the listener has been told) */
    boolean offer(Line line) {
        if (queue.offer(line)) {
            return true;
        }
        drop(line.listener());
        return false;
    }

    /** Counts and logs one event dropped because the queue is full, and tells its listener. */
    void drop(DeliveryListener listener) {
        dropped.increment();
        if (dropLog.allowSampled()) {
            LOG.warn("event_flatstore: queue for {} full ({} lines waiting), event dropped; {} dropped so far"
                    + " (modparam event_flatstore queue_size)", path, settings.queueSize(), dropped.sum());
        }
        listener.completed(false, "queue full");
    }

    /**
     * Starts a new file: the next line goes to the path with the suffix evaluated now, opened afresh (after an
     * outside {@code mv}, a new file of the same name). Any thread.
     */
    void rotate(String reason) {
        rotate(reason, System.currentTimeMillis());
    }

    /** As {@link #rotate(String)}, the suffix evaluated at {@code atMillis} (the period's boundary, for the timer). */
    void rotate(String reason, long atMillis) {
        String old;
        String now;
        synchronized (this) {
            old = currentName == null ? "" : currentName;
            currentName = path + settings.suffix().evaluate(atMillis);
            now = currentName;
            version++;
            recordCount = 0;
            bytesWritten = 0;
        }
        rotationsDone.increment();
        LOG.debug("event_flatstore: {} rotated ({}): now {}", path, reason, now);
        rotations.rotated(this, reason, now, old);
    }

    private void run() {
        List<Line> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Line first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
            } catch (InterruptedException e) {
                break;
            }
            write(batch);
            batch.clear();
        }
        // stopping: what is queued is written, so a clean shutdown loses nothing already raised
        queue.drainTo(batch);
        write(batch);
        close();
    }

    private void write(List<Line> batch) {
        for (Line l : batch) {
            if (!ensureOpen()) {
                fail(l, lastError);
                continue;
            }
            if (buffer.remaining() < l.bytes().length) {
                flush();
                if (buffer.capacity() < l.bytes().length) {
                    buffer = ByteBuffer.allocate(l.bytes().length);
                }
            }
            buffer.put(l.bytes());
            inBuffer.add(l);
            String reason = null;
            synchronized (this) {
                if (openedVersion == version) {
                    recordCount++;
                    bytesWritten += l.bytes().length;
                    if (settings.rotateCount() > 0 && recordCount >= settings.rotateCount()) {
                        reason = "count";
                    } else if (settings.rotateSize() > 0 && bytesWritten >= settings.rotateSize()) {
                        reason = "size";
                    }
                }
            }
            if (reason != null) {
                flush();
                rotate(reason);
            }
        }
        flush();
    }

    private boolean ensureOpen() {
        int v;
        String name;
        synchronized (this) {
            v = version;
            name = currentName();
        }
        if (channel != null && openedVersion == v) {
            return true;
        }
        flush();
        close();
        try {
            channel = FileChannel.open(Path.of(name), java.util.Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND), settings.permissionsAttribute());
            openedVersion = v;
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            lastError = "cannot open " + name + ": " + describe(e);
            return false;
        }
    }

    private void flush() {
        if (inBuffer.isEmpty()) {
            return;
        }
        buffer.flip();
        String error = null;
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            error = "cannot write " + path + ": " + describe(e);
            close();
        }
        buffer.clear();
        for (Line l : inBuffer) {
            if (error == null) {
                written.increment();
                l.listener().completed(true, null);
            } else {
                fail(l, error);
            }
        }
        inBuffer.clear();
    }

    private void fail(Line l, String error) {
        failed.increment();
        lastError = error;
        if (failLog.allow()) {
            LOG.warn("event_flatstore: {}; {} line(s) lost so far", error, failed.sum());
        }
        l.listener().completed(false, error);
    }

    private void close() {
        FileChannel c = channel;
        channel = null;
        openedVersion = -1;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    /** No socket names this file any more, or the proxy stops: write what is queued, then close. */
    void stop() {
        running = false; // no interrupt: it would close the FileChannel under the writer
    }

    void join(long millis) {
        try {
            writer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** A line of bytes. */
    static byte[] bytes(CharSequence s) {
        return s.toString().getBytes(UTF_8);
    }

    @Override
    public String toString() {
        return "flatstore:" + path;
    }
}
