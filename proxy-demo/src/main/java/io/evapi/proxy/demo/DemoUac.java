package io.evapi.proxy.demo;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The demo's caller: places one call at a time over UDP through the proxy. INVITE (sent again on the RFC 3261
 * timer until a response arrives), wait for the final response, ACK it; after a 200, BYE along the route set
 * the proxy recorded. Not thread-safe: one call at a time.
 */
public final class DemoUac implements AutoCloseable {
    private static final long T1_MILLIS = 500;

    private final DatagramSocket socket;
    private final InetSocketAddress proxy;
    private final String caller;
    private final Duration timeout;

    /** What one call went through. */
    public record CallResult(String callee, String callId, List<String> provisional, int status, String statusText,
            String byeStatus, Duration elapsed) {
    }

    public DemoUac(InetSocketAddress proxy, String caller, Duration timeout) throws IOException {
        this.proxy = requireNonNull(proxy, "proxy");
        this.caller = requireNonNull(caller, "caller");
        this.timeout = requireNonNull(timeout, "timeout");
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** A fresh Call-ID for {@link #call}. */
    public static String newCallId() {
        return UUID.randomUUID() + "@127.0.0.1";
    }

    /** Calls {@code callee}@proxy and hangs up at once when answered; status 0 when no final response came. */
    public CallResult call(String callee, String callId) throws IOException {
        String local = "127.0.0.1:" + socket.getLocalPort();
        String requestUri = "sip:" + callee + "@" + proxy.getHostString() + ":" + proxy.getPort();
        String inviteBranch = branch();
        String from = "<sip:" + caller + "@127.0.0.1>;tag=" + UUID.randomUUID().toString().substring(0, 8);
        String to = "<" + requestUri + ">";
        SipText invite = new SipText("INVITE " + requestUri + " SIP/2.0", List.of(
                new SipText.Header("Via", "SIP/2.0/UDP " + local + ";branch=" + inviteBranch + ";rport"),
                new SipText.Header("Max-Forwards", "70"),
                new SipText.Header("From", from),
                new SipText.Header("To", to),
                new SipText.Header("Call-ID", callId),
                new SipText.Header("CSeq", "1 INVITE"),
                new SipText.Header("Contact", "<sip:" + caller + "@" + local + ">"),
                new SipText.Header("Subject", "evapi routing demo")));
        long start = System.nanoTime();
        List<String> provisional = new ArrayList<>();
        SipText answer = transact(invite, proxy, callId, "INVITE", provisional, true);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (answer == null) {
            return new CallResult(callee, callId, provisional, 0, "no final response within " + timeout, null,
                    elapsed);
        }
        String toWithTag = answer.header("To");
        if (answer.status() >= 300) {
            // hop-by-hop ACK of a failure: same branch and Request-URI as the INVITE, to the proxy
            send(request("ACK " + requestUri, inviteBranch, from, toWithTag, callId, "1 ACK", List.of()), proxy);
            return new CallResult(callee, callId, provisional, answer.status(), answer.statusText(), null, elapsed);
        }
        // a 2xx: ACK and BYE go to the callee's Contact along the route set (Record-Route, reversed)
        List<String> routes = new ArrayList<>(answer.headerValues("Record-Route"));
        Collections.reverse(routes);
        String contact = answer.header("Contact");
        String target = contact == null ? requestUri : SipText.uriOf(contact);
        InetSocketAddress next = SipText.addressOf(routes.isEmpty() ? target : SipText.uriOf(routes.get(0)));
        send(request("ACK " + target, branch(), from, toWithTag, callId, "1 ACK", routes), next);
        SipText byeAnswer = transact(request("BYE " + target, branch(), from, toWithTag, callId, "2 BYE", routes),
                next, callId, "BYE", new ArrayList<>(), false);
        return new CallResult(callee, callId, provisional, answer.status(), answer.statusText(),
                byeAnswer == null ? "no answer" : byeAnswer.statusText(), elapsed);
    }

    private SipText request(String requestLine, String branch, String from, String to, String callId, String cseq,
            List<String> routes) {
        List<SipText.Header> headers = new ArrayList<>();
        headers.add(new SipText.Header("Via", "SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch="
                + branch + ";rport"));
        routes.forEach(r -> headers.add(new SipText.Header("Route", r)));
        headers.add(new SipText.Header("Max-Forwards", "70"));
        headers.add(new SipText.Header("From", from));
        headers.add(new SipText.Header("To", to));
        headers.add(new SipText.Header("Call-ID", callId));
        headers.add(new SipText.Header("CSeq", cseq));
        return new SipText(requestLine + " SIP/2.0", headers);
    }

    /**
     * Sends the request and waits for its final response, sending it again after T1, 2 T1, 4 T1 ... until a
     * response arrives (an INVITE) or a final one does (others). Provisional status lines go to
     * {@code provisional}. Null when the timeout passes first.
     */
    private SipText transact(SipText request, InetSocketAddress to, String callId, String method,
            List<String> provisional, boolean invite) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long interval = T1_MILLIS;
        long resendAt = System.nanoTime() + interval * 1_000_000;
        boolean heard = false;
        send(request, to);
        byte[] buffer = new byte[65535];
        while (System.nanoTime() < deadline) {
            if (!(invite && heard) && System.nanoTime() >= resendAt) {
                send(request, to);
                interval = Math.min(interval * 2, 4000);
                resendAt = System.nanoTime() + interval * 1_000_000;
            }
            long waitMillis = Math.max(1, Math.min(resendAt, deadline) - System.nanoTime()) / 1_000_000;
            socket.setSoTimeout((int) Math.max(1, waitMillis));
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            SipText message;
            try {
                message = SipText.parse(packet.getData(), packet.getLength());
            } catch (RuntimeException bad) {
                continue; // not SIP: ignore it, as a UA does
            }
            if (!message.isResponse() || !callId.equals(message.header("Call-ID"))
                    || !method.equals(message.method())) {
                continue; // a late retransmission of an earlier transaction
            }
            heard = true;
            if (message.status() >= 200) {
                return message;
            }
            provisional.add(message.statusText());
        }
        return null;
    }

    private void send(SipText message, InetSocketAddress to) throws IOException {
        byte[] data = message.encode();
        socket.send(new DatagramPacket(data, data.length, to));
    }

    private static String branch() {
        return "z9hG4bK-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Override
    public void close() {
        socket.close();
    }
}
