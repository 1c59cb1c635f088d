package io.evapi.proxy.modules.flatstore;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.InvalidParamException;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.Param;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.Dialect;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.PublishedEvent;
import io.evapi.proxy.spi.mi.MiCommand;
import io.evapi.proxy.spi.mi.MiCommands;
import io.evapi.proxy.spi.mi.MiException;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSIPS's {@code event_flatstore} module ({@code loadmodule "event_flatstore.so"}): the {@code flatstore:}
 * transport, one line per event appended to a file; rotation by MI ({@code evi_flat_rotate}, 4.x
 * {@code event_flatstore:rotate}), by time ({@code rotate_period}), by lines ({@code rotate_count}) or bytes
 * ({@code rotate_size}), each raising {@code E_FLATSTORE_ROTATION}; and {@code event_flatstore:stats} (ours).
 */
public final class EventFlatstoreModule implements ProxyModule {
    private static final Logger LOG = LoggerFactory.getLogger(EventFlatstoreModule.class);
    static final String ROTATION_EVENT = "E_FLATSTORE_ROTATION";

    /**
     * {@code modparam("event_flatstore", ...)}.
     *
     * @param maxOpenSockets    files in use at once; one more is refused when subscribing
     * @param delimiter         between the values of a line
     * @param escapeDelimiter   written instead of the delimiter inside a value (same length); unset: a space
     * @param filePermissions   octal mode of new files
     * @param suppressEventName 1: lines start with the first value
     * @param rotatePeriod      seconds: every file rotates when the clock is a multiple of it; 0 never
     * @param rotateCount       lines (as text, may exceed 32 bits) after which a file rotates; "0" never
     * @param rotateSize        bytes, with an optional k, m or g (1024 multiples), after which a file rotates
     * @param suffix            appended to each path, evaluated at each rotation: text, $time(FORMAT), $Ts
     * @param queueSize         ours: lines one file may have waiting for its writer
     */
    public record Params(@Param(defaultValue = "100") int maxOpenSockets,
            @Param(defaultValue = ",") String delimiter,
            @Param(defaultValue = "") String escapeDelimiter,
            @Param(defaultValue = "644") String filePermissions,
            @Param(defaultValue = "0") int suppressEventName,
            @Param(defaultValue = "0") int rotatePeriod,
            @Param(defaultValue = "0") String rotateCount,
            @Param(defaultValue = "0") String rotateSize,
            @Param(defaultValue = "") String suffix,
            @Param(defaultValue = "65536") int queueSize) {
        public Params {
            InvalidParamException.check(maxOpenSockets >= 1 && maxOpenSockets <= 65535, "max_open_sockets",
                    "expected 1 to 65535, found " + maxOpenSockets);
            InvalidParamException.check(!delimiter.isEmpty(), "delimiter", "expected at least one character");
            InvalidParamException.check(escapeDelimiter.isEmpty() || escapeDelimiter.length() == delimiter.length(),
                    "escape_delimiter", "expected as many characters as the delimiter '" + delimiter + "' ("
                            + delimiter.length() + "), found '" + escapeDelimiter + "'");
            InvalidParamException.check(filePermissions.matches("0?[0-7]{3}"), "file_permissions",
                    "expected an octal mode such as 644, found '" + filePermissions + "'");
            InvalidParamException.check(suppressEventName == 0 || suppressEventName == 1, "suppress_event_name",
                    "expected 0 or 1, found " + suppressEventName);
            InvalidParamException.check(rotatePeriod >= 0, "rotate_period",
                    "expected 0 (never) or a number of seconds, found " + rotatePeriod);
            InvalidParamException.check(count(rotateCount) >= 0, "rotate_count",
                    "expected a number of lines, such as \"5000000000\", found '" + rotateCount + "'");
            InvalidParamException.check(size(rotateSize) >= 0, "rotate_size",
                    "expected a number of bytes with an optional k, m or g, such as \"2g\", found '" + rotateSize + "'");
            try {
                Suffix.parse(suffix);
            } catch (IllegalArgumentException e) {
                throw new InvalidParamException("suffix", e.getMessage());
            }
            InvalidParamException.check(queueSize >= 1 && queueSize <= 10_000_000, "queue_size",
                    "expected 1 to 10000000, found " + queueSize);
        }

        /** Lines, or -1 when not a number. */
        static long count(String text) {
            return text.matches("[0-9]{1,18}") ? Long.parseLong(text) : -1;
        }

        /** Bytes, or -1 when not a number with an optional k, m or g. */
        static long size(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (!t.matches("[0-9]{1,15}[kmg]?")) {
                return -1;
            }
            char last = t.charAt(t.length() - 1);
            long mult = switch (last) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                case 'g' -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            return Long.parseLong(Character.isDigit(last) ? t : t.substring(0, t.length() - 1)) * mult;
        }

        Set<PosixFilePermission> permissions() {
            int mode = Integer.parseInt(filePermissions, 8);
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
            for (int i = 0; i < bits.length; i++) {
                if ((mode & (1 << i)) != 0) {
                    set.add(bits[i]);
                }
            }
            return set;
        }
    }

    @Override
    public String name() {
        return "event_flatstore";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public Dialect dialect() {
        return Dialect.OPENSIPS;
    }

    @Override
    public Class<? extends Record> parametersType() {
        return Params.class;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of();
    }

    @Override
    public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
        Params params = context.parameters(Params.class);
        EventInterface evi = context.host().service(EventInterface.class).orElseThrow(() -> new ModuleConfigException(
                "event_flatstore needs the event interface (module event_interface), which is not loaded"));
        Set<PosixFilePermission> perms = params.permissions();
        FlatSettings settings = new FlatSettings(params.delimiter(),
                params.escapeDelimiter().isEmpty() ? null : params.escapeDelimiter(), params.suppressEventName() == 1,
                perms, PosixFilePermissions.asFileAttribute(perms), Params.count(params.rotateCount()),
                Params.size(params.rotateSize()), Suffix.parse(params.suffix()), params.queueSize(),
                params.maxOpenSockets());
        PublishedEvent rotation = evi.publish(ROTATION_EVENT);
        FlatstoreTransport transport = new FlatstoreTransport(settings, (file, reason, filename, old) -> {
            if (evi.hasSubscribers(rotation)) {
                evi.raise(rotation, List.of(EventParam.of("timestamp", Long.toString(System.currentTimeMillis() / 1000)),
                        EventParam.of("reason", reason), EventParam.of("filename", filename),
                        EventParam.of("old_filename", old)));
            }
        });
        evi.registerTransport(transport);
        context.host().service(MiCommands.class).ifPresent(mi -> {
            MiCommand rotate = new MiCommand("evi_flat_rotate", List.of(List.of("path_to_file")), p -> {
                String path = p.string("path_to_file");
                FlatFile f = transport.file(path);
                if (f == null) {
                    throw new MiException(400, "File not found");
                }
                f.rotate("mi");
                return "OK";
            });
            mi.register(rotate);
            mi.register(rotate.alias("event_flatstore:rotate"));
            mi.register(MiCommand.noParams("event_flatstore:stats", p -> stats(transport)));
        });
        int period = params.rotatePeriod();
        return new ModuleInstance() {
            private ScheduledExecutorService timer;

            @Override
            public ScriptFunction function(String name) {
                return null;
            }

            @Override
            public synchronized void start() {
                if (period > 0 && timer == null) {
                    timer = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "event_flatstore-rotate");
                        t.setDaemon(true);
                        return t;
                    });
                    schedule(timer, period, transport);
                }
            }

            @Override
            public synchronized void stop() {
                if (timer != null) {
                    timer.shutdownNow();
                    timer = null;
                }
                List<FlatFile> files = transport.files();
                files.forEach(FlatFile::stop);
                files.forEach(f -> f.join(2000));
            }
        };
    }

    /** The next multiple of {@code period} seconds of the clock (OpenSIPS: {@code time(NULL) % period == 0}). */
    private static void schedule(ScheduledExecutorService timer, int period, FlatstoreTransport transport) {
        long periodMillis = period * 1000L;
        long now = System.currentTimeMillis();
        long delay = periodMillis - now % periodMillis;
        long boundary = now + delay;
        try {
            timer.schedule(() -> {
                for (FlatFile f : transport.files()) {
                    try {
                        f.rotate("period", boundary); // the suffix as of the boundary, however late the timer fires
                    } catch (RuntimeException e) {
                        LOG.error("event_flatstore: rotating {} failed", f.path, e);
                    }
                }
                schedule(timer, period, transport);
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    static Map<String, Object> stats(FlatstoreTransport transport) {
        List<Object> out = new ArrayList<>();
        for (FlatFile f : transport.files()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("socket", "flatstore:" + f.path);
            m.put("file", f.currentName());
            m.put("written", f.written.sum());
            m.put("failed", f.failed.sum());
            m.put("dropped", f.dropped.sum());
            m.put("queued", (long) f.queued());
            m.put("rotations", f.rotationsDone.sum());
            m.put("last_error", f.lastError);
            out.add(m);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Files", out);
        return result;
    }
}
