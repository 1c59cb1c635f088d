package io.evapi.proxy.modules.flatstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.RaisedEvent;
import io.evapi.proxy.spi.event.SubscribeException;
import io.evapi.proxy.spi.mi.MiCommands;
import io.evapi.proxy.spi.mi.MiException;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** event_flatstore writing real files: the line format, rotation while events are written, limits. */
class EventFlatstoreTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path dir;
    private CompiledConfig config;
    private EventInterface evi;
    private final List<String> rotations = new CopyOnWriteArrayList<>();

    private void load(String modparams) throws Exception {
        config = ConfigLoader.load("""
                loadmodule "event_flatstore.so"
                %s
                route[PUBLISH] { raise_event("E_F"); raise_event("E_G"); }
                route[RAISE] {
                    $avp(v) = 5; $avp(v) = "a,b"; $avp(v) = "1.2.3.4";
                    $avp(n) = "n"; $avp(n) = "s"; $avp(n) = "ip";
                    raise_event("E_F", $avp(n), $avp(v));
                }
                """.formatted(modparams), "flatstore.cfg", null);
        config.start();
        evi = config.service(EventInterface.class).orElseThrow();
        evi.registerTransport(new EventTransport<String>() {
            public String proto() {
                return "rec";
            }

            public String parse(String address) {
                return address;
            }

            public boolean matches(String a, String b) {
                return a.equals(b);
            }

            public String print(String s) {
                return s;
            }

            public int raise(RaisedEvent event, String socket) {
                rotations.add(new String(event.jsonRpcBytes(), StandardCharsets.UTF_8));
                return 0;
            }
        });
        evi.subscribe(EventFlatstoreModule.ROTATION_EVENT, "rec:x", 0, false);
    }

    @AfterEach
    void stop() {
        if (config != null) {
            config.stop();
        }
    }

    private void raise(String event, EventParam... params) {
        assertThat(evi.raise(evi.find(event).orElseThrow(), List.of(params))).isZero();
    }

    private Object mi(String command, Object params) throws MiException {
        return config.service(MiCommands.class).orElseThrow().execute(command, params);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> stats(Path file) throws Exception {
        Map<String, Object> all = (Map<String, Object>) mi("event_flatstore:stats", null);
        return ((List<Map<String, Object>>) all.get("Files")).stream()
                .filter(m -> m.get("socket").equals("flatstore:" + file)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " not in " + all));
    }

    private List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void oneLinePerEventWithValuesOnly() throws Exception {
        load("");
        Path file = dir.resolve("events.log");
        evi.subscribe("E_F", "flatstore:" + file, 0, false);
        ScriptHost.Route route = config.route(ScriptHost.RouteKind.ROUTE, "RAISE").orElseThrow();
        assertThat(config.run(route, RouteType.REQUEST, ctx -> { })).isEqualTo(1);
        raise("E_F", EventParam.unnamed("two\nlines\r"), EventParam.unnamed(null), EventParam.unnamed(-3L),
                EventParam.unnamed(""));
        raise("E_F");
        await().atMost(WAIT).until(() -> stats(file).get("written").equals(3L));
        // the delimiter inside a value becomes a space; ours: a newline too, so an event stays one line
        assertThat(Files.readString(file)).isEqualTo("E_F,1.2.3.4,a b,5\nE_F,two lines ,,-3,\nE_F\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isIn("rw-r--r--", "rw-r-----",
                "rw-------"); // 644 under the umask
    }

    @Test
    void delimiterEscapeSuppressedNameAndPermissions() throws Exception {
        load("""
                modparam("event_flatstore", "delimiter", ";")
                modparam("event_flatstore", "escape_delimiter", "|")
                modparam("event_flatstore", "suppress_event_name", 1)
                modparam("event_flatstore", "file_permissions", "600")
                """);
        Path file = dir.resolve("escaped.log");
        evi.subscribe("E_F", "flatstore:" + file, 0, false);
        raise("E_F", EventParam.unnamed("a;b,c"), EventParam.of("n", 7));
        raise("E_F", EventParam.unnamed(""), EventParam.unnamed("x"));
        await().atMost(WAIT).until(() -> stats(file).get("written").equals(2L));
        assertThat(Files.readString(file)).isEqualTo("a|b,c;7\n;x\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aFileRotatedWhileEventsAreWrittenLosesNoLineAndSplitsNone() throws Exception {
        load("");
        Path file = dir.resolve("rotating.log");
        Path moved = dir.resolve("rotating.log.1");
        evi.subscribe("E_F", "flatstore:" + file, 0, false);
        int n = 50_000;
        AtomicInteger raised = new AtomicInteger();
        Thread raiser = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                raise("E_F", EventParam.of("i", i), EventParam.of("pad", "x".repeat(40)));
                raised.incrementAndGet();
                if (i % 1000 == 999) {
                    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(WAIT)
                            .until(() -> stats(file).get("queued").equals(0L)); // keep writing while we rotate
                }
            }
        });
        raiser.setDaemon(true);
        raiser.start();
        // logrotate's way: mv while events are written, then tell the module
        await().atMost(WAIT).until(() -> (Long) stats(file).get("written") > 5_000);
        Files.move(file, moved);
        assertThat(mi("evi_flat_rotate", List.of(file.toString()))).isEqualTo("OK");
        await().atMost(WAIT).until(() -> raised.get() > 30_000);
        assertThat(mi("event_flatstore:rotate", Map.of("path_to_file", file.toString()))).isEqualTo("OK");
        await().atMost(WAIT).until(() -> stats(file).get("written").equals((long) n));
        List<String> old = lines(moved);
        List<String> current = lines(file);
        assertThat(old).isNotEmpty();
        assertThat(current).isNotEmpty();
        List<String> all = new ArrayList<>(old);
        all.addAll(current);
        assertThat(all).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(all.get(i)).isEqualTo("E_F," + i + "," + "x".repeat(40)); // whole, in order, each once
        }
        assertThat(stats(file)).containsEntry("rotations", 2L).containsEntry("failed", 0L).containsEntry("dropped", 0L);
        assertThat(rotations).hasSize(2).allMatch(r -> r.contains("\"reason\":\"mi\",\"filename\":\"" + file
                + "\",\"old_filename\":\"" + file + "\""));
    }

    @Test
    void rotateCountAndSizeRaiseTheRotationEvent() throws Exception {
        load("""
                modparam("event_flatstore", "rotate_count", "3")
                modparam("event_flatstore", "rotate_size", "1k")
                modparam("event_flatstore", "suffix", ".$time(%Y)")
                """);
        Path file = dir.resolve("counted");
        evi.subscribe("E_F", "flatstore:" + file, 0, false);
        evi.subscribe("E_G", "flatstore:" + file, 0, false);
        for (int i = 0; i < 7; i++) {
            raise(i % 2 == 0 ? "E_F" : "E_G", EventParam.of("i", i));
        }
        raise("E_F", EventParam.unnamed("y".repeat(2000))); // over rotate_size at once
        await().atMost(WAIT).until(() -> stats(file).get("written").equals(8L));
        String year = Integer.toString(java.time.Year.now().getValue());
        Path named = dir.resolve("counted." + year);
        assertThat(lines(named)).hasSize(8).startsWith("E_F,0", "E_G,1", "E_F,2");
        assertThat(Files.exists(file)).isFalse();
        // after lines 3 and 6 (count), and after the long one (count reset at 6, then size)
        assertThat(rotations).hasSize(3);
        assertThat(rotations.get(0)).contains("\"reason\":\"count\",\"filename\":\"" + named + "\",\"old_filename\":\""
                + named + "\"").startsWith("{\"jsonrpc\":\"2.0\",\"method\":\"E_FLATSTORE_ROTATION\",\"params\":{\"timestamp\":\"");
        assertThat(rotations.get(1)).contains("\"reason\":\"count\"");
        assertThat(rotations.get(2)).contains("\"reason\":\"size\"");
    }

    @Test
    void rotatePeriodStartsANewFileOnTheClock() throws Exception {
        load("""
                modparam("event_flatstore", "rotate_period", 1)
                modparam("event_flatstore", "suffix", "-$Ts")
                """);
        Path file = dir.resolve("timed");
        evi.subscribe("E_F", "flatstore:" + file, 0, false);
        int i = 0;
        raise("E_F", EventParam.of("i", i++));
        await().atMost(WAIT).until(() -> stats(file).get("written").equals(1L));
        rotations.clear(); // a rotation from now on starts a second file
        while (rotations.stream().noneMatch(r -> r.contains("\"reason\":\"period\""))) {
            raise("E_F", EventParam.of("i", i++));
            Thread.sleep(5);
        }
        raise("E_F", EventParam.of("i", i++));
        int total = i;
        await().atMost(WAIT).until(() -> stats(file).get("written").equals((long) total));
        List<String> all = new ArrayList<>();
        try (var files = Files.list(dir)) {
            List<Path> names = files.filter(p -> p.getFileName().toString().startsWith("timed-")).sorted().toList();
            assertThat(names.size()).as(names.toString()).isGreaterThanOrEqualTo(2);
            for (Path p : names) {
                assertThat(p.getFileName().toString()).matches("timed-[0-9]{10}");
                all.addAll(lines(p));
            }
        }
        assertThat(all).hasSize(total);
        assertThat(new HashSet<>(all)).hasSize(total);
    }

    @Test
    void aStalledFileCostsTheOthersNothing() throws Exception {
        load("modparam(\"event_flatstore\", \"queue_size\", 100)");
        Path fifo = dir.resolve("nobody-reads");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path good = dir.resolve("good.log");
        evi.subscribe("E_F", "flatstore:" + fifo, 0, false);
        evi.subscribe("E_F", "flatstore:" + good, 0, false);
        int n = 5_000;
        AtomicBoolean done = new AtomicBoolean();
        Thread raiser = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                evi.raise(evi.find("E_F").orElseThrow(), List.of(EventParam.of("i", i)));
                if (i % 50 == 49) {
                    int expected = i + 1;
                    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(WAIT)
                            .until(() -> stats(good).get("written").equals((long) expected));
                }
            }
            done.set(true);
        });
        raiser.setDaemon(true);
        raiser.start();
        await().atMost(WAIT.multipliedBy(2)).untilTrue(done);
        assertThat(lines(good)).hasSize(n);
        Map<String, Object> stalled = stats(fifo);
        assertThat(stalled).containsEntry("written", 0L);
        // the writer holds the batch it took before its open blocked (at most 1024 lines), 100 wait, the rest dropped
        assertThat(stalled).containsEntry("queued", 100L);
        assertThat((Long) stalled.get("dropped")).isBetween(n - 100L - 1024L, n - 101L);
        try (FileInputStream unblock = new FileInputStream(fifo.toFile())) {
            // a reader at last: the writer's open returns and its 100 queued lines go through
            byte[] got = new byte[12];
            int off = 0;
            while (off < got.length) {
                int r = unblock.read(got, off, got.length - off); // (readNBytes would seek, which a FIFO refuses)
                assertThat(r).isPositive();
                off += r;
            }
            assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("E_F,0\nE_F,1\n");
        }
    }

    @Test
    void limitsAndMiErrors() throws Exception {
        load("modparam(\"event_flatstore\", \"max_open_sockets\", 2)");
        evi.subscribe("E_F", "flatstore:" + dir.resolve("a"), 0, false);
        evi.subscribe("E_G", "flatstore:" + dir.resolve("a"), 0, false); // the same file
        evi.subscribe("E_F", "flatstore:" + dir.resolve("b"), 0, false);
        assertThatThrownBy(() -> evi.subscribe("E_F", "flatstore:" + dir.resolve("c"), 0, false))
                .isInstanceOf(SubscribeException.class).hasMessageContaining("max_open_sockets");
        assertThatThrownBy(() -> evi.subscribe("E_F", "flatstore:" + dir.resolve("no/such/dir/x"), 0, false))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> evi.subscribe("E_F", "flatstore:" + dir, 0, false))
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> mi("evi_flat_rotate", List.of(dir.resolve("zzz").toString())))
                .isInstanceOfSatisfying(MiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("File not found");
                });
        Set<String> names = new HashSet<>(config.service(MiCommands.class).orElseThrow().names());
        assertThat(names).contains("evi_flat_rotate", "event_flatstore:rotate", "event_flatstore:stats");
    }

    @Test
    void parametersAreChecked() {
        for (String[] bad : new String[][] {{"escape_delimiter", "\"||\"", "escape_delimiter: expected as many characters"},
            {"file_permissions", "\"999\"", "file_permissions: expected an octal mode"},
            {"suffix", "\"$ru\"", "suffix: expected text, $time(FORMAT) or $Ts"},
            {"suffix", "\"$time(%Q)\"", "%Q is not supported"},
            {"rotate_size", "\"2x\"", "rotate_size: expected a number of bytes"},
            {"rotate_count", "\"-1\"", "rotate_count: expected a number of lines"}}) {
            assertThatThrownBy(() -> ConfigLoader.load("loadmodule \"event_flatstore.so\"\nmodparam(\"event_flatstore\", \""
                    + bad[0] + "\", " + bad[1] + ")\n", "bad.cfg", null)).as(bad[0])
                    .isInstanceOf(ConfigException.class).hasMessageContaining(bad[2]);
        }
    }
}
