package io.evapi.sip.engine.warmup;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * The far end of the warm-up's calls: a plain UDP socket answering what the private engine relays to it. An
 * INVITE gets 180 then 200 with SDP, or 486 when its Call-ID says {@code busy} (the engine's negative-reply path);
 * BYE and the rest get 200; ACK nothing.
 */
final class WarmUpCallee implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread reader;

    WarmUpCallee() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        reader = new Thread(this::serve, "sip-warm-up-callee");
        reader.setDaemon(true);
        reader.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[65_535];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                in.setLength(buf.length);
                socket.receive(in);
                WireMessage m = WireMessage.parse(buf, in.getLength());
                if (m.isResponse() || m.method().equals("ACK")) {
                    continue;
                }
                if (m.method().equals("INVITE")) {
                    boolean busy = String.valueOf(m.value("Call-ID")).contains("busy");
                    if (busy) {
                        send(in, answer(m, 486, "Busy Here", ""));
                    } else {
                        send(in, answer(m, 180, "Ringing", ""));
                        send(in, answer(m, 200, "OK", WarmUpCaller.SDP));
                    }
                } else {
                    send(in, answer(m, 200, "OK", ""));
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void send(DatagramPacket to, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, to.getSocketAddress()));
    }

    private String answer(WireMessage request, int code, String reason, String sdp) {
        StringBuilder sb = new StringBuilder(512).append("SIP/2.0 ").append(code).append(' ').append(reason)
                .append("\r\n");
        request.lines("Via").forEach(l -> sb.append(l).append("\r\n"));
        if (code < 300) {
            request.lines("Record-Route").forEach(l -> sb.append(l).append("\r\n"));
        }
        String to = request.value("To");
        sb.append("From: ").append(request.value("From")).append("\r\n")
                .append("To: ").append(to).append(to.contains(";tag=") ? "" : ";tag=callee").append("\r\n")
                .append("Call-ID: ").append(request.value("Call-ID")).append("\r\n")
                .append("CSeq: ").append(request.value("CSeq")).append("\r\n")
                .append("Contact: <sip:bob@127.0.0.1:").append(port()).append(">\r\n");
        if (!sdp.isEmpty()) {
            sb.append("Content-Type: application/sdp\r\n");
        }
        return sb.append("Content-Length: ").append(sdp.length()).append("\r\n\r\n").append(sdp).toString();
    }

    @Override
    public void close() {
        socket.close();
    }
}
