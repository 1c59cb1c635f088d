package io.evapi.log;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Warnings about things outsiders can cause at any rate (malformed frames, refused connections), written at most
 * once per interval for each kind, each line with the running count of its kind. Anyone who can open a TCP
 * connection could otherwise fill the disk, or hold the I/O threads in a slow appender, one line per connection.
 *
 * <p>The first occurrence of a kind is logged at once, then at most one line per interval; the line says how many
 * of that kind there have been in all and how many since the previous line were not logged. Kinds are meant to be
 * a small fixed set (a reason, a limit), not per-client values: each kind keeps a little state for good.
 * Thread-safe and lock-free.
 */
public final class RateLimitedLog {
    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Kind> kinds = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger logger, Duration interval) {
        this(logger, interval, System::nanoTime);
    }

    /** With a clock of its own, for tests. */
    public RateLimitedLog(Logger logger, Duration interval, LongSupplier nanoClock) {
        this.logger = requireNonNull(logger, "logger");
        this.intervalNanos = requireNonNull(interval, "interval").toNanos();
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Counts one occurrence of {@code kind} and logs it at WARN unless a line of that kind was written less than
     * the interval ago. The message is an SLF4J format; the counts are added at its end.
     *
     * @return true when a line was written
     */
    public boolean warn(String kind, String format, Object... arguments) {
        return log(Level.WARN, kind, format, arguments);
    }

    /** As {@link #warn}, at the level given. */
    public boolean log(Level level, String kind, String format, Object... arguments) {
        Kind k = kinds.computeIfAbsent(requireNonNull(kind, "kind"), x -> new Kind());
        long total = k.total.incrementAndGet();
        long now = nanoClock.getAsLong();
        long last = k.lastLogged.get();
        boolean due = total == 1 || now - last >= intervalNanos;
        if (!due || !k.lastLogged.compareAndSet(last, now)) {
            k.notLogged.incrementAndGet();
            return false;
        }
        if (logger.isEnabledForLevel(level)) {
            Object[] withCounts = Arrays.copyOf(arguments, arguments.length + 3);
            withCounts[arguments.length] = total;
            withCounts[arguments.length + 1] = k.notLogged.getAndSet(0);
            withCounts[arguments.length + 2] = Duration.ofNanos(intervalNanos).toSeconds();
            logger.atLevel(level).log(
                    format + " [{} so far, {} not logged since the previous line; at most one line per {} s]",
                    withCounts);
        }
        return true;
    }

    /** How many times {@code kind} occurred, logged or not. */
    public long count(String kind) {
        Kind k = kinds.get(kind);
        return k == null ? 0 : k.total.get();
    }

    private static final class Kind {
        final AtomicLong total = new AtomicLong();
        final AtomicLong notLogged = new AtomicLong();
        /** Meaningless until the first line; {@code total == 1} marks that one. */
        final AtomicLong lastLogged = new AtomicLong();
    }
}
