package io.evapi.sip.engine.warmup;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The near end of the warm-up: a plain UDP socket sending the private engine a proxy's usual mix (MESSAGE,
 * suspended OPTIONS, REGISTER, INVITE calls with ACK and BYE, some refused), at most {@link #WINDOW} calls
 * in flight, and counting the calls that ended.
 */
final class WarmUpCaller implements AutoCloseable {

    static final String SDP = "v=0\r\no=alice 2890844526 2890844526 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n";
    /**
     * Calls in flight at most. Few on purpose: the JIT's one C2 thread is what a warm-up waits for, and the
     * scheduler shares the cores among runnable threads, so every busy worker beyond a couple slows the compiler.
     */
    static final int WINDOW = 8;
    /** One cycle of the mix, by call number modulo its length. */
    private static final List<String> MIX = List.of("MESSAGE", "MESSAGE", "MESSAGE", "MESSAGE", "MESSAGE",
            "MESSAGE", "MESSAGE", "MESSAGE", "OPTIONS", "OPTIONS", "OPTIONS", "REGISTER", "INVITE", "INVITE",
            "INVITE", "INVITE busy");

    /** The forms user agents send, so the parser's compiled code has seen each branch. */
    private static final List<String> DISPLAY_NAMES = List.of("\"Alice A.\" ", "alice ", "");

    private final DatagramSocket socket;
    private final InetSocketAddress proxy;
    private final Semaphore window = new Semaphore(WINDOW);
    /** Call-ID to the method whose final reply ends the call (INVITE, then BYE once answered). */
    private final Map<String, String> open = new ConcurrentHashMap<>();
    private final AtomicLong ended = new AtomicLong();
    private final Thread reader;
    private int next;

    WarmUpCaller(int proxyPort) throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        proxy = new InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort);
        reader = new Thread(this::readReplies, "sip-warm-up-caller");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Places calls until {@code maxCalls} or the deadline, then waits briefly for the last ones. Stops early when
     * a call gets no answer for a second (a warm-up must never hold the start up for long).
     *
     * @return the calls of this run that ended with their final reply
     */
    long run(long deadlineNanos, int maxCalls) throws IOException, InterruptedException {
        long before = ended.get();
        for (int placed = 0; placed < maxCalls && System.nanoTime() < deadlineNanos; placed++) {
            int n = next++;
            if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                break;
            }
            String kind = MIX.get(n % MIX.size());
            String method = kind.startsWith("INVITE") ? "INVITE" : kind;
            String callId = "warm-" + n + (kind.endsWith("busy") ? "-busy" : "") + "@127.0.0.1";
            open.put(callId, method);
            send(request(method, "sip:bob@127.0.0.1:" + proxy.getPort(), callId, "", 1,
                    method.equals("INVITE") ? SDP : ""));
        }
        if (!window.tryAcquire(WINDOW, 1, TimeUnit.SECONDS)) {
            open.clear(); // lost on the way (a warm-up has no retransmissions): forgotten, their replies ignored
            window.drainPermits();
        }
        window.release(WINDOW); // the next run starts with the whole window
        return ended.get() - before;
    }

    private void readReplies() {
        byte[] buf = new byte[65_535];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                in.setLength(buf.length);
                socket.receive(in);
                WireMessage reply = WireMessage.parse(buf, in.getLength());
                if (reply.isResponse() && reply.status() >= 200) {
                    onFinal(reply);
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void onFinal(WireMessage reply) throws IOException {
        String callId = reply.value("Call-ID");
        String method = reply.method();
        if (method.equals("INVITE") && reply.status() < 300) {
            if (open.replace(callId, "INVITE", "BYE")) {
                hangUp(reply, callId);
            }
            return;
        }
        if (method.equals(open.get(callId)) && open.remove(callId) != null) {
            ended.incrementAndGet();
            window.release();
        }
    }

    /** ACK and BYE to the callee's Contact, through the engine by the Record-Route it inserted. */
    private void hangUp(WireMessage ok, String callId) throws IOException {
        String contact = ok.value("Contact");
        String target = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
        StringBuilder route = new StringBuilder();
        ok.lines("Record-Route").forEach(l -> route.append("Route:").append(l.substring(l.indexOf(':') + 1))
                .append("\r\n"));
        String to = ok.value("To");
        send(request("ACK", target, callId, route + "To: " + to + "\r\n", 1, ""));
        send(request("BYE", target, callId, route + "To: " + to + "\r\n", 2, ""));
    }

    private String request(String method, String uri, String callId, String extra, int cseq, String body) {
        int local = socket.getLocalPort();
        String call = callId.substring(0, callId.indexOf('@'));
        StringBuilder sb = new StringBuilder(512).append(method).append(' ').append(uri).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 127.0.0.1:").append(local).append(";branch=z9hG4bK-").append(call)
                .append('-').append(method).append(";rport\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: ").append(DISPLAY_NAMES.get(Math.floorMod(call.hashCode(), DISPLAY_NAMES.size())))
                .append("<sip:alice@127.0.0.1:").append(local).append(">;tag=").append(call).append("\r\n");
        sb.append(extra.contains("To: ") ? "" : "To: <sip:bob@127.0.0.1>\r\n").append(extra)
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
                .append("Contact: <sip:alice@127.0.0.1:").append(local).append(">\r\n");
        if (!body.isEmpty()) {
            sb.append("Content-Type: application/sdp\r\n");
        }
        return sb.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body).toString();
    }

    private void send(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, proxy));
    }

    @Override
    public void close() {
        socket.close();
    }
}
