package io.evapi.proxy.modules.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP JSON-RPC receiver of event_stream, as opensips-cli's diagnose and python-opensips are: it accepts
 * connections and decodes the objects written back to back (an incremental parser, like {@code raw_decode}).
 * Depending on its mode it answers nothing, a {@code result}, an {@code error}, or garbage; or it stalls (accepts and
 * never reads); it may close a connection after a number of objects.
 */
public final class JsonRpcPeer implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    public enum Mode { SILENT, RESULT, ERROR, GARBAGE, STALL }

    private final ServerSocket server;
    private final Mode mode;
    private final int closeAfter;
    public final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger closedByUs = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public JsonRpcPeer(Mode mode) {
        this(mode, 0);
    }

    /** @param closeAfter close each connection after reading this many objects (0: never) */
    public JsonRpcPeer(Mode mode, int closeAfter) {
        this.mode = mode;
        this.closeAfter = closeAfter;
        try {
            server = new ServerSocket();
            if (mode == Mode.STALL) {
                server.setReceiveBufferSize(4096); // small, so the sender's writes back up soon
            }
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::accept, "peer-accept-" + port());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String sock() {
        return "tcp:127.0.0.1:" + port();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                connections.incrementAndGet();
                if (mode == Mode.STALL) {
                    continue; // accepted, never read: the kernel buffers fill, then the sender's writes wait
                }
                Thread t = new Thread(() -> serve(s), "peer-conn-" + port());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        int n = 0;
        try (s; InputStream in = new Recording(s.getInputStream()); JsonParser p = JSON.createParser(in)) {
            OutputStream out = s.getOutputStream();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonNode node = JSON.readTree(p);
                received.add(node);
                switch (mode) {
                    case RESULT -> out.write(("{\"jsonrpc\":\"2.0\",\"result\":\"OK\",\"id\":" + node.get("id") + "}")
                            .getBytes(StandardCharsets.UTF_8));
                    case ERROR -> out.write(("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"nope\"},"
                            + "\"id\":" + node.get("id") + "}").getBytes(StandardCharsets.UTF_8));
                    case GARBAGE -> out.write("this is not JSON\n".getBytes(StandardCharsets.UTF_8));
                    default -> {
                    }
                }
                out.flush();
                if (closeAfter > 0 && ++n == closeAfter) {
                    closedByUs.incrementAndGet();
                    return;
                }
            }
        } catch (IOException e) {
            // the sender closed, or we did
        }
    }

    /** The next decoded object; fails after {@code wait}. */
    public JsonNode next(Duration wait) {
        try {
            JsonNode n = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (n == null) {
                throw new AssertionError("nothing received on " + sock() + " within " + wait);
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every byte read so far, as text. */
    public String raw() {
        synchronized (raw) {
            return raw.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // nothing
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing
            }
        }
    }

    private final class Recording extends InputStream {
        private final InputStream in;

        Recording(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                synchronized (raw) {
                    raw.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                synchronized (raw) {
                    raw.write(b, off, n);
                }
            }
            return n;
        }
    }
}
