package io.evapi.sip.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs sipp as a process, bounded in time and killed at the end. Build with {@link #uac}/{@link #uas}, then
 * {@link #start()} (for a UAS that must be up before the UAC) and {@link Running#await}, or {@link #run()}.
 * Fails (does not skip) when sipp is not installed: CI installs package sip-tester.
 */
public final class Sipp {

    public static final String BINARY = System.getProperty("sipp.binary", "/usr/bin/sipp");

    private final String scenario;
    private final boolean builtIn;
    private String inlineXml;
    private final List<String> extra = new ArrayList<>();
    private String remote;
    private String transport = "u1";
    private int localPort;
    private double rate = 10;
    private int calls = 1;
    private Duration timeout = Duration.ofSeconds(60);
    private String service;

    private Sipp(String scenario, boolean builtIn) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.builtIn = builtIn;
    }

    /** A built-in scenario ({@code uac}, {@code uas}, ...: sipp's {@code -sn}). */
    public static Sipp builtIn(String name) {
        return new Sipp(name, true);
    }

    /** An XML scenario from the test classpath (e.g. {@code sipp/uac-rr.xml}). */
    public static Sipp scenario(String resource) {
        return new Sipp(resource, false);
    }

    /** An XML scenario given as text ({@code name} names the file, e.g. {@code options-200}). */
    public static Sipp xml(String name, String xml) {
        Sipp sipp = new Sipp(name + ".xml", false);
        sipp.inlineXml = Objects.requireNonNull(xml, "xml");
        return sipp;
    }

    public Sipp remote(String hostPort) {
        this.remote = hostPort;
        return this;
    }

    /** sipp transport mode: {@code u1} (UDP, one socket) or {@code t1} (TCP, one connection). */
    public Sipp transport(String mode) {
        this.transport = mode;
        return this;
    }

    public Sipp tcp(boolean tcp) {
        return transport(tcp ? "t1" : "u1");
    }

    public Sipp localPort(int port) {
        this.localPort = port;
        return this;
    }

    public Sipp rate(double callsPerSecond) {
        this.rate = callsPerSecond;
        return this;
    }

    public Sipp calls(int count) {
        this.calls = count;
        return this;
    }

    /** Global timeout: sipp quits (as an error) after it; the process is killed a little later if still alive. */
    public Sipp timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Request-URI user ({@code -s}). */
    public Sipp service(String user) {
        this.service = user;
        return this;
    }

    /** A {@code -key name value} for the scenario's {@code [name]} keyword. */
    public Sipp key(String name, String value) {
        extra.add("-key");
        extra.add(name);
        extra.add(value);
        return this;
    }

    /** Further sipp command-line arguments, e.g. {@code -trace_logs} for a scenario's log actions. */
    public Sipp args(String... more) {
        extra.addAll(List.of(more));
        return this;
    }

    public SippResult run() {
        return start().await();
    }

    public Running start() {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException("sipp not found at " + BINARY
                    + ": install package sip-tester (apt-get install sip-tester) or set -Dsipp.binary");
        }
        try {
            Path dir = Files.createTempDirectory("sipp-");
            List<String> cmd = new ArrayList<>(List.of(BINARY));
            if (builtIn) {
                cmd.addAll(List.of("-sn", scenario));
            } else {
                Path file = dir.resolve(Path.of(scenario).getFileName());
                Files.writeString(file, inlineXml != null ? inlineXml : resource(scenario),
                        StandardCharsets.ISO_8859_1);
                cmd.addAll(List.of("-sf", file.toString()));
            }
            if (remote != null) {
                cmd.add(remote);
            }
            cmd.addAll(List.of("-i", "127.0.0.1", "-t", transport, "-m", Integer.toString(calls),
                    "-r", Double.toString(rate), "-timeout", timeout.toSeconds() + "s", "-timeout_error",
                    "-nostdin", "-trace_stat", "-fd", "1", "-trace_err", "-trace_screen"));
            if (localPort > 0) {
                cmd.addAll(List.of("-p", Integer.toString(localPort)));
            }
            if (service != null) {
                cmd.addAll(List.of("-s", service));
            }
            cmd.addAll(extra);
            Path out = dir.resolve("sipp.out");
            Process process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            return new Running(process, dir, out, timeout.plusSeconds(15));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sipp", e);
        }
    }

    /** A started sipp; {@link #await} waits (bounded), kills if needed and parses its statistics. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path dir;
        private final Path out;
        private final Duration limit;

        Running(Process process, Path dir, Path out, Duration limit) {
            this.process = process;
            this.dir = dir;
            this.out = out;
            this.limit = limit;
        }

        public SippResult await() {
            boolean finished;
            try {
                finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finished = false;
            }
            if (!finished) {
                kill();
            }
            int exit = finished ? process.exitValue() : -1;
            long[] counters = SippStats.lastCounters(dir);
            return new SippResult(exit, counters[0], counters[1], !finished, dir, read(out));
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        private void kill() {
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                kill();
            }
        }
    }

    /** A text resource from the test classpath (scenario files). */
    public static String resource(String name) {
        try (InputStream in = Sipp.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    static String errors(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder sb = new StringBuilder();
            files.filter(p -> p.getFileName().toString().endsWith("_errors.log")).forEach(p -> {
                String s = read(p);
                sb.append(p.getFileName()).append(":\n").append(s.length() > 3000 ? s.substring(0, 3000) : s);
            });
            return sb.toString();
        } catch (IOException e) {
            return "";
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
