package io.evapi.core.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A plain socket client for tests: writes any bytes, and reads in the background unless told to stall. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile boolean eof;

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    /** A client that reads everything the server sends. */
    static RawClient reading(InetSocketAddress server) throws IOException {
        RawClient c = new RawClient(new Socket(server.getAddress(), server.getPort()));
        Thread reader = new Thread(c::readLoop, "raw-client-reader");
        reader.setDaemon(true);
        reader.start();
        return c;
    }

    /** A client that never reads: its receive buffer fills and the server's writes stall. */
    static RawClient stalled(InetSocketAddress server) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(server);
        return new RawClient(s);
    }

    private void readLoop() {
        byte[] buf = new byte[8192];
        try {
            // not closed here: closing the stream would close the socket under a concurrent send
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (received) {
                    received.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the socket was closed by the test or reset by the server: both end the stream
        }
        eof = true;
    }

    void send(String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(UTF_8));
        out.flush();
    }

    String received() {
        synchronized (received) {
            return received.toString(UTF_8);
        }
    }

    /** True once the server closed the connection (seen by the reader thread). */
    boolean closedByServer() {
        return eof;
    }

    int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
