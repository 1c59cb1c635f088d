package io.evapi.sip.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A TCP peer that sends its last reply and closes at once (sipp does, at its last call) must not lose that reply,
 * even when the connection's parser thread is still busy with the reply before it.
 */
class TcpLastMessageTest {

    private SipEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    @Test
    void theReplySentJustBeforeTheCloseIsRelayed() throws Exception {
        try (ServerSocket callee = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             DatagramSocket caller = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String calleeUri = "sip:127.0.0.1:" + callee.getLocalPort() + ";transport=tcp";
            engine = EngineFixture.start(new SipRouter() {
                @Override
                public void onRequest(RequestContext ctx) {
                    ctx.setReplyRoute("SLOW");
                    ctx.setDestinationUri(calleeUri);
                    ctx.relay();
                }

                @Override
                public void onReply(String routeName, RequestContext ctx, Response response) {
                    if (response.getStatusCode() == 183) {
                        sleep(500); // the parser thread is busy here while the 200 and the close arrive
                    }
                }
            }, 4_000, 4_000);
            CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> answerAndClose(callee));
            byte[] invite = ("INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.getLocalPort() + ";branch=z9hG4bK-last-1;rport\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:alice@127.0.0.1>;tag=a1\r\nTo: <sip:bob@127.0.0.1>\r\n"
                    + "Call-ID: last-1@127.0.0.1\r\nCSeq: 1 INVITE\r\nContact: <sip:alice@127.0.0.1:"
                    + caller.getLocalPort() + ">\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            caller.send(new DatagramPacket(invite, invite.length,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), engine.port("udp"))));
            List<Integer> statuses = new ArrayList<>();
            caller.setSoTimeout(6_000);
            byte[] buf = new byte[8192];
            try {
                while (!statuses.contains(200) && !statuses.contains(408)) {
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    caller.receive(in);
                    String text = new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
                    statuses.add(Integer.parseInt(text.substring(8, 11)));
                }
            } catch (SocketTimeoutException e) {
                // the assertion below says what arrived
            }
            answered.join();
            assertThat(statuses).as("replies relayed to the caller").contains(183, 200).doesNotContain(408);
        }
    }

    /** Reads the relayed INVITE, answers 183 and 200 in one write, and closes. */
    private static void answerAndClose(ServerSocket callee) {
        try (Socket s = callee.accept()) {
            String invite = readHeaders(s.getInputStream());
            StringBuilder copied = new StringBuilder();
            for (String line : invite.split("\r\n")) {
                String lower = line.toLowerCase();
                if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                        || lower.startsWith("cseq:")) {
                    copied.append(line).append("\r\n");
                } else if (lower.startsWith("to:")) {
                    copied.append(line).append(";tag=b1\r\n");
                }
            }
            String contact = "Contact: <sip:bob@127.0.0.1:" + callee.getLocalPort() + ";transport=tcp>\r\n";
            String replies = "SIP/2.0 183 Session Progress\r\n" + copied + contact + "Content-Length: 0\r\n\r\n"
                    + "SIP/2.0 200 OK\r\n" + copied + contact + "Content-Length: 0\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(replies.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readHeaders(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            String s = b.toString(StandardCharsets.UTF_8);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
