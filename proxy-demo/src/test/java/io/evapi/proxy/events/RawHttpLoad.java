package io.evapi.proxy.events;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One load-generating MI client: {@code connections} HTTP/1.1 keep-alive connections, each sending one JSON-RPC
 * request at a time, together paced to {@code perSecond} requests a second (a connection whose slot passed
 * sends at once). Counts the answers by HTTP status; -1 for a connection that failed.
 */
final class RawHttpLoad {
    private final int port;
    private final String path;

    RawHttpLoad(int port, String path) {
        this.port = port;
        this.path = path;
    }

    record Result(Map<Integer, Integer> statuses, double seconds) {
        double rate() {
            return statuses.values().stream().mapToInt(Integer::intValue).sum() / seconds;
        }
    }

    Result run(String body, int total, int perSecond, int connections) throws InterruptedException {
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        ConcurrentHashMap<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            threads[c] = new Thread(() -> {
                Socket s = null;
                InputStream in = null;
                try {
                    while (true) {
                        int i = next.getAndIncrement();
                        if (i >= total) {
                            return;
                        }
                        long wait = start + i * interval - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        try {
                            if (s == null) {
                                s = new Socket("127.0.0.1", port);
                                s.setTcpNoDelay(true);
                                s.setSoTimeout(60_000);
                                in = new BufferedInputStream(s.getInputStream(), 8192);
                            }
                            statuses.merge(exchange(s, in, request), 1, Integer::sum);
                        } catch (IOException e) {
                            statuses.merge(-1, 1, Integer::sum);
                            close(s);
                            s = null;
                        }
                    }
                } finally {
                    close(s);
                }
            }, "mi-load-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(Map.copyOf(statuses), (System.nanoTime() - start) / 1e9);
    }

    private static void close(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Writes one request, reads one response (status line, headers, Content-Length body); returns the status. */
    private static int exchange(Socket s, InputStream in, byte[] request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request);
        out.flush();
        String status = line(in);
        if (status == null || !status.startsWith("HTTP/1.1 ")) {
            throw new IOException("no status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = 0;
        boolean close = false;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        in.readNBytes(length);
        if (close) {
            throw new IOException("closed by server after " + code);
        }
        return code;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) b);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
