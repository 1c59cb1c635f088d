package io.evapi.proxy.demo;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's callee: a UDP responder on 127.0.0.1 that answers INVITE with 180 then 200 (sent again, as
 * RFC 3261 asks, until the ACK comes), BYE and OPTIONS with 200, CANCEL with 200, and other requests with 501.
 * Responses go where the request came from (as with rport).
 */
public final class DemoUas implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoUas.class);
    /** Bound of the calls waiting for their ACK; beyond it a 200 is sent once, not repeated (counted). */
    private static final int MAX_UNACKED = 4096;
    private static final long T1_MILLIS = 500;
    private static final int MAX_RETRANSMITS = 6;

    private final DatagramSocket socket;
    private final Thread receiver;
    private final ScheduledExecutorService timers;
    private final Map<String, ScheduledFuture<?>> unacked = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong notRetransmitted = new AtomicLong();
    private volatile boolean closed;

    private DemoUas(DatagramSocket socket) {
        this.socket = socket;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "demo-uas-timer"));
        this.receiver = daemon(this::receive, "demo-uas");
    }

    /** Starts answering on {@code 127.0.0.1:port}. */
    public static DemoUas start(int port) throws SocketException {
        DemoUas uas = new DemoUas(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        uas.receiver.start();
        LOG.info("demo callee answering on udp:127.0.0.1:{}", port);
        return uas;
    }

    /** INVITEs answered with 200 so far. */
    public long answered() {
        return answered.get();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void receive() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("demo callee stops receiving: {}", e.toString());
                }
                return;
            }
            try {
                SipText message = SipText.parse(packet.getData(), packet.getLength());
                if (!message.isResponse()) {
                    handle(message, packet.getSocketAddress());
                }
            } catch (RuntimeException e) {
                LOG.warn("demo callee ignores a bad datagram from {}: {}", packet.getSocketAddress(), e.toString());
            }
        }
    }

    private void handle(SipText request, SocketAddress from) {
        String callId = request.header("Call-ID");
        switch (request.method()) {
            case "INVITE" -> {
                String tag = UUID.randomUUID().toString().substring(0, 8);
                send(response(request, "180 Ringing", tag), from);
                byte[] ok = response(request, "200 OK", tag);
                send(ok, from);
                answered.incrementAndGet();
                retransmitUntilAck(callId, ok, from);
            }
            case "ACK" -> {
                ScheduledFuture<?> retransmit = unacked.remove(callId);
                if (retransmit != null) {
                    retransmit.cancel(false);
                }
            }
            case "BYE", "OPTIONS", "CANCEL" -> send(response(request, "200 OK", null), from);
            default -> send(response(request, "501 Not Implemented", null), from);
        }
    }

    private void retransmitUntilAck(String callId, byte[] ok, SocketAddress to) {
        if (callId == null || unacked.size() >= MAX_UNACKED) {
            notRetransmitted.incrementAndGet();
            LOG.warn("demo callee: 200 for {} sent once, not repeated ({} calls await their ACK; {} so far)",
                    callId, unacked.size(), notRetransmitted.get());
            return;
        }
        ScheduledFuture<?> previous = unacked.put(callId, timers.scheduleWithFixedDelay(new Runnable() {
            private int sent;

            @Override
            public void run() {
                if (++sent > MAX_RETRANSMITS) {
                    ScheduledFuture<?> self = unacked.remove(callId);
                    if (self != null) {
                        self.cancel(false);
                    }
                    LOG.warn("demo callee: no ACK for call {}", callId);
                    return;
                }
                send(ok, to);
            }
        }, T1_MILLIS, T1_MILLIS, TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false); // a retransmitted INVITE: the newest 200 is the one repeated
        }
    }

    /** A response to {@code request}: Via, From, To (with our tag), Call-ID, CSeq and Record-Route copied. */
    private byte[] response(SipText request, String status, String toTag) {
        List<SipText.Header> headers = new ArrayList<>();
        for (SipText.Header h : request.headers()) {
            switch (h.name().toLowerCase(Locale.ROOT)) {
                case "via", "from", "call-id", "cseq", "record-route" -> headers.add(h);
                case "to" -> headers.add(toTag == null || h.value().contains(";tag=") ? h
                        : new SipText.Header("To", h.value() + ";tag=" + toTag));
                default -> { }
            }
        }
        if (toTag != null) {
            headers.add(new SipText.Header("Contact",
                    "<sip:callee@127.0.0.1:" + socket.getLocalPort() + ">"));
        }
        return new SipText("SIP/2.0 " + status, headers).encode();
    }

    private void send(byte[] data, SocketAddress to) {
        try {
            socket.send(new DatagramPacket(data, data.length, to));
        } catch (IOException e) {
            LOG.warn("demo callee cannot send to {}: {}", to, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        timers.shutdownNow();
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
