package io.evapi.proxy.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.SippResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A flood of bad SIP (mutated and garbage datagrams, garbage over TCP) writes a few log lines, not one per
 * packet, and the proxy keeps answering good requests.
 */
class SipBadInputFloodTest {
    private static final String CONFIG = """
            #!KAMAILIO
            listen=udp:127.0.0.1:@PORT@
            listen=tcp:127.0.0.1:@PORT@
            loadmodule "sl.so"
            loadmodule "textops.so"
            request_route {
                if (is_method("OPTIONS")) {
                    sl_send_reply("200", "OK");
                    exit;
                }
                sl_send_reply("404", "Not Here");
            }
            """;
    private static final String OPTIONS = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-%d\r\n"
            + "From: <sip:fuzz@127.0.0.1>;tag=%d\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: flood-%d\r\n"
            + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        root.addAppender(lines);
    }

    @AfterEach
    void release() {
        root.detachAppender(lines);
    }

    private List<String> warnings() {
        synchronized (lines) {
            return lines.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        }
    }

    @Test
    void thousandsOfBadPacketsWriteAFewLinesAndGoodRequestsAreStillAnswered() throws Exception {
        int port = FreePorts.udpAndTcp();
        try (RunningProxy proxy = RunningProxy.start(ProxyHost.load(CONFIG.replace("@PORT@", String.valueOf(port)),
                "flood.cfg"))) {
            int before = warnings().size();
            Random random = new Random(7);
            try (DatagramSocket udp = new DatagramSocket()) {
                InetAddress to = InetAddress.getLoopbackAddress();
                for (int i = 0; i < 5_000; i++) {
                    byte[] bad = mutate(OPTIONS.formatted(i, i, i).getBytes(UTF_8), random);
                    udp.send(new DatagramPacket(bad, bad.length, to, port));
                    if (i % 500 == 0) {
                        Thread.sleep(20); // leave the receive buffer room: the flood, not a burst, is the point
                    }
                }
            }
            for (int i = 0; i < 500; i++) {
                try (Socket tcp = new Socket("127.0.0.1", port)) {
                    OutputStream out = tcp.getOutputStream();
                    out.write(mutate(OPTIONS.formatted(i, i, i).replace("UDP", "TCP").getBytes(UTF_8), random));
                    out.write("\r\n\r\nGARBAGE / SIP/9.9\r\nContent-Length: 99999999\r\n\r\n".getBytes(UTF_8));
                    out.flush();
                } catch (IOException e) {
                    // the proxy may close a connection that sent garbage: that is fine
                }
            }
            SippResult canary = Scenarios.uacExpecting("OPTIONS", 200, 70).remote("127.0.0.1:" + port)
                    .localPort(FreePorts.udpAndTcp()).calls(5).timeout(Duration.ofSeconds(60)).run();
            assertThat(canary.successfulCalls()).as(canary.describe()).isEqualTo(5);
            List<String> written = warnings().subList(before, warnings().size());
            assertThat(written).as("warnings written for 5,500 bad inputs").hasSizeLessThan(50);
        }
    }

    /** A request with a few of its bytes changed, cut short, or replaced by noise. */
    private static byte[] mutate(byte[] good, Random random) {
        byte[] bad = good.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> bad = java.util.Arrays.copyOf(bad, 1 + random.nextInt(bad.length - 1));
            case 2 -> random.nextBytes(bad);
            default -> bad = new String(bad, UTF_8).replace("Content-Length: 0", "Content-Length: 9999")
                    .replace("CSeq: 1", "CSeq: x").getBytes(UTF_8);
        }
        return bad;
    }
}
