package io.evapi.proxy.kamailio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Kamailio (Debian's package: {@code kamailio kamailio-extra-modules kamailio-json-modules}, which
 * {@code scripts/test} installs), run in the foreground on loopback with a config of the test's own, and always
 * killed at the end. Fails, not skips, when it is missing.
 */
public final class Kamailio implements AutoCloseable {
    public static final String BINARY = System.getProperty("kamailio.binary", "/usr/sbin/kamailio");

    private final Process process;
    private final Path dir;
    private final Path log;

    private Kamailio(Process process, Path dir, Path log) {
        this.process = process;
        this.dir = dir;
        this.log = log;
    }

    static void requireInstalled() {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException("kamailio not found at " + BINARY + ": run scripts/test, which installs"
                    + " the Debian packages kamailio kamailio-extra-modules kamailio-json-modules, or set"
                    + " -Dkamailio.binary");
        }
    }

    /** {@code kamailio -c -f cfg}: the exit code and what it printed. */
    public static Check check(Path cfg) {
        requireInstalled();
        try {
            Path dir = Files.createTempDirectory("kamailio-check-");
            Process p = new ProcessBuilder(BINARY, "-c", "-f", cfg.toAbsolutePath().toString(), "-Y", dir.toString(),
                    "-w", dir.toString()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kamailio -c did not finish in 60 s");
            }
            return new Check(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What {@code kamailio -c} said. */
    public record Check(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0 && output.contains("config file ok");
        }
    }

    /**
     * Starts Kamailio on {@code configText} and waits until it holds its SIP UDP port and, when given, accepts
     * TCP connections on {@code tcpPort} (its evapi socket).
     */
    public static Kamailio start(String configText, int sipUdpPort, int tcpPort, Duration limit) {
        requireInstalled();
        try {
            Path dir = Files.createTempDirectory("kamailio-");
            Path cfg = Files.writeString(dir.resolve("kamailio.cfg"), configText);
            Path log = dir.resolve("kamailio.log");
            List<String> cmd = new ArrayList<>(List.of(BINARY, "-DD", "-E", "-f", cfg.toString(), "-Y",
                    dir.toString(), "-w", dir.toString(), "-m", "64", "-M", "8"));
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Kamailio k = new Kamailio(process, dir, log);
            long deadline = System.nanoTime() + limit.toNanos();
            while (!(udpTaken(sipUdpPort) && (tcpPort <= 0 || tcpOpen(tcpPort)))) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("kamailio exited with " + process.exitValue() + ":\n" + k.log());
                }
                if (System.nanoTime() > deadline) {
                    k.close();
                    throw new IllegalStateException("kamailio did not listen within " + limit + ":\n" + k.log());
                }
                Thread.sleep(50);
            }
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean udpTaken(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean tcpOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Everything Kamailio logged so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public Path dir() {
        return dir;
    }

    /** SIGTERM (Kamailio stops its children), then SIGKILL to every process left of it if needed. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
