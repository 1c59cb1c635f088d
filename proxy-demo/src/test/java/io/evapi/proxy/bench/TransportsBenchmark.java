package io.evapi.proxy.bench;

import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.PublishedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Transport figures (not a test). For each of event_stream, event_xmlrpc, event_virtual and event_flatstore, in
 * process: one thread raises an event to one subscriber that keeps up (a TCP JSON reader, an HTTP sink that reads
 * each request to its end, a file tailer), never letting more than a window of events be outstanding, so nothing
 * is dropped; it prints the events/s the subscriber received. Then the same with a stalled subscriber of the same
 * transport added to the event (a TCP peer that never reads, an HTTP server that never accepts, a FIFO nobody
 * opens): what the good subscriber gets then, and what a raise costs, shows what the stalled one costs the others.
 */
public final class TransportsBenchmark {
    private static final String CONFIG = """
            debug=0
            loadmodule "event_stream.so"
            loadmodule "event_xmlrpc.so"
            loadmodule "event_virtual.so"
            loadmodule "event_flatstore.so"
            modparam("event_stream", "timeout", 1000)
            modparam("event_xmlrpc", "timeout", 200)
            route[PUBLISH] { raise_event("E_BENCH"); }
            """;

    /** What one run measured. */
    record Result(long raised, long received, double seconds, double raiseNanos) {
        double rate() {
            return received / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf("Transports benchmark, %d cores, %s %s, %d s per run%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), seconds);
        Path dir = Files.createTempDirectory("bench-transports");
        CompiledConfig config = ProxyHost.load(CONFIG, "bench-transports.cfg");
        config.start();
        List<String> table = new ArrayList<>();
        try {
            EventInterface evi = config.service(EventInterface.class).orElseThrow();
            PublishedEvent e = evi.find("E_BENCH").orElseThrow();

            try (StreamSink good = new StreamSink(); StalledTcp stalled = new StalledTcp()) {
                table.add(compare("event_stream", evi, e, "tcp:127.0.0.1:" + good.port(), good::count,
                        "tcp:127.0.0.1:" + stalled.port(), 5_000, seconds));
            }
            try (HttpSink good = new HttpSink(); NeverAccepts stalled = new NeverAccepts()) {
                table.add(compare("event_xmlrpc", evi, e, "xmlrpc:127.0.0.1:" + good.port() + ":notify", good::count,
                        "xmlrpc:127.0.0.1:" + stalled.port() + ":notify", 500, seconds));
            }
            try (StreamSink good = new StreamSink(); StalledTcp stalled = new StalledTcp()) {
                table.add(compare("event_virtual (FAILOVER over tcp:)", evi, e,
                        "virtual:FAILOVER tcp:127.0.0.1:" + good.port(), good::count,
                        "virtual:FAILOVER tcp:127.0.0.1:" + stalled.port(), 5_000, seconds));
            }
            Path file = dir.resolve("events.log");
            Path fifo = dir.resolve("nobody-reads");
            if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0) {
                throw new IllegalStateException("mkfifo failed");
            }
            try (FileTail good = new FileTail(file)) {
                table.add(compare("event_flatstore", evi, e, "flatstore:" + file, good::count, "flatstore:" + fifo,
                        20_000, seconds));
            }
            System.out.println();
            System.out.println("| transport | one subscriber that keeps up | the same with a stalled subscriber added | a raise: to the good one / to both / to the stalled one alone |");
            System.out.println("|---|---|---|---|");
            table.forEach(System.out::println);
        } finally {
            // the FIFO writer is blocked in open(2) until a reader comes: let it go so the process can end cleanly
            Path fifo = dir.resolve("nobody-reads");
            if (Files.exists(fifo)) {
                Thread t = new Thread(() -> {
                    try (InputStream in = Files.newInputStream(fifo)) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (IOException ignored) {
                        // done
                    }
                });
                t.setDaemon(true);
                t.start();
            }
            config.stop();
        }
        System.exit(0);
    }

    private static String compare(String name, EventInterface evi, PublishedEvent e, String good, LongSupplier received,
            String stalled, int window, int seconds) throws Exception {
        evi.subscribe(e.name(), good, 0, false);
        run(evi, e, received, window, 2); // warm-up
        Result alone = run(evi, e, received, window, seconds);
        report(name + ", alone", alone);
        evi.subscribe(e.name(), stalled, 0, false);
        Result withStalled = run(evi, e, received, window, seconds);
        report(name + ", with " + stalled + " stalled", withStalled);
        unsubscribe(evi, e, good);
        // what the stalled subscriber alone costs a raise: its queue is full, so this is the refusal path
        long n = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now = start;
        while (now < end) {
            evi.raise(e, params(n++));
            if ((n & 63) == 0) {
                now = System.nanoTime();
            }
        }
        double stalledOnly = (System.nanoTime() - start) / (double) n;
        System.out.printf("%-70s %,.0f ns per raise (%,d raises)%n", name + ", the stalled subscriber alone", stalledOnly, n);
        unsubscribe(evi, e, stalled);
        return String.format("| %s | %,.0f events/s (%,d raised, %,d received) | %,.0f events/s (%,d raised, %,d"
                + " received) | %,.0f ns / %,.0f ns / %,.0f ns |", name, alone.rate(), alone.raised(), alone.received(),
                withStalled.rate(), withStalled.raised(), withStalled.received(), alone.raiseNanos(),
                withStalled.raiseNanos(), stalledOnly);
    }

    /** MI's unsubscribe: expire 0 ends it at the end of this second; the next raise purges it. */
    private static void unsubscribe(EventInterface evi, PublishedEvent e, String socket) throws Exception {
        evi.subscribe(e.name(), socket, 0, true);
        Thread.sleep(1100);
        evi.raise(e, List.of());
        Thread.sleep(200);
    }

    private static void report(String what, Result r) {
        System.out.printf("%-70s raised %,10d, received %,10d, lost %,d -> %,.0f events/s; raise %,.0f ns%n", what,
                r.raised(), r.received(), r.raised() - r.received(), r.rate(), r.raiseNanos());
    }

    private static List<EventParam> params(long i) {
        return List.of(EventParam.of("from", "alice"), EventParam.of("n", i));
    }

    /**
     * Raises for {@code seconds}, never more than {@code window} events ahead of the subscriber (so it keeps up and
     * nothing is dropped for it), then waits for the last one. Returns raised, received, the seconds from the
     * first raise to the last event received, and the mean time spent in a raise.
     */
    private static Result run(EventInterface evi, PublishedEvent e, LongSupplier received, int window, int seconds)
            throws InterruptedException {
        long before = received.getAsLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long raised = 0;
        long waited = 0;
        long now = start;
        while (now < end) {
            if (raised - (received.getAsLong() - before) >= window) {
                long w0 = System.nanoTime();
                while (raised - (received.getAsLong() - before) >= window) {
                    LockSupport.parkNanos(20_000);
                }
                waited += System.nanoTime() - w0;
            }
            evi.raise(e, params(raised));
            raised++;
            if ((raised & 63) == 0) {
                now = System.nanoTime();
            }
        }
        long inRaise = System.nanoTime() - start - waited; // the loop's time, less the waits for the subscriber
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (received.getAsLong() - before < raised && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long got = received.getAsLong() - before;
        double secs = (System.nanoTime() - start) / 1e9;
        return new Result(raised, got, secs, inRaise / (double) raised);
    }

    /** A TCP JSON reader (one connection at a time) that counts the objects written back to back. */
    static final class StreamSink implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicLong count = new AtomicLong();

        StreamSink() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(() -> {
                byte[] buf = new byte[256 * 1024];
                while (!server.isClosed()) {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        int depth = 0;
                        boolean inString = false;
                        boolean escaped = false;
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            long objects = 0;
                            for (int i = 0; i < n; i++) {
                                byte b = buf[i];
                                if (inString) {
                                    if (escaped) {
                                        escaped = false;
                                    } else if (b == '\\') {
                                        escaped = true;
                                    } else if (b == '"') {
                                        inString = false;
                                    }
                                } else if (b == '"') {
                                    inString = true;
                                } else if (b == '{') {
                                    depth++;
                                } else if (b == '}' && --depth == 0) {
                                    objects++;
                                }
                            }
                            count.addAndGet(objects);
                        }
                    } catch (IOException ex) {
                        // closed
                    }
                }
            }, "stream-sink");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        long count() {
            return count.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Accepts TCP connections and never reads: the sender's writes back up. */
    static final class StalledTcp implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new ArrayList<>();

        StalledTcp() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        synchronized (held) {
                            held.add(s);
                        }
                    } catch (IOException ex) {
                        return;
                    }
                }
            }, "stalled-tcp");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    /** A listening socket with a backlog of one that never accepts: connections hang, then time out. */
    static final class NeverAccepts implements AutoCloseable {
        private final ServerSocket server;

        NeverAccepts() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** An HTTP sink on one NIO selector thread: each connection read to its end counts as one request. */
    static final class HttpSink implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Selector selector;
        private final AtomicLong count = new AtomicLong();
        private volatile boolean running = true;

        HttpSink() throws IOException {
            selector = Selector.open();
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            Thread t = new Thread(this::loop, "http-sink");
            t.setDaemon(true);
            t.start();
        }

        private void loop() {
            ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
            try {
                while (running) {
                    selector.select(100);
                    for (SelectionKey k : selector.selectedKeys()) {
                        if (k.isAcceptable()) {
                            SocketChannel c;
                            while ((c = server.accept()) != null) {
                                c.configureBlocking(false);
                                c.register(selector, SelectionKey.OP_READ);
                            }
                        } else if (k.isReadable()) {
                            SocketChannel c = (SocketChannel) k.channel();
                            buf.clear();
                            int n;
                            try {
                                n = c.read(buf);
                            } catch (IOException ex) {
                                n = -1;
                            }
                            if (n < 0) {
                                count.incrementAndGet(); // the notifier shut its side: one whole request
                                k.cancel();
                                c.close();
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException ex) {
                // closed
            }
        }

        int port() {
            return server.socket().getLocalPort();
        }

        long count() {
            return count.get();
        }

        @Override
        public void close() throws IOException {
            running = false;
            selector.wakeup();
            server.close();
        }
    }

    /** Counts the lines appended to a file, reading it as it grows. */
    static final class FileTail implements AutoCloseable {
        private final AtomicLong lines = new AtomicLong();
        private volatile boolean running = true;

        FileTail(Path file) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[256 * 1024];
                try {
                    while (running && !Files.exists(file)) {
                        Thread.sleep(1);
                    }
                    try (InputStream in = Files.newInputStream(file)) {
                        while (running) {
                            int n = in.read(buf);
                            if (n <= 0) {
                                LockSupport.parkNanos(200_000);
                                continue;
                            }
                            long l = 0;
                            for (int i = 0; i < n; i++) {
                                if (buf[i] == '\n') {
                                    l++;
                                }
                            }
                            lines.addAndGet(l);
                        }
                    }
                } catch (IOException | InterruptedException ex) {
                    // done
                }
            }, "file-tail");
            t.setDaemon(true);
            t.start();
        }

        long count() {
            return lines.get();
        }

        @Override
        public void close() {
            running = false;
        }
    }
}
