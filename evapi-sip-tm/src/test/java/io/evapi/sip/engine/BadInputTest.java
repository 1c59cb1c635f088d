package io.evapi.sip.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.SippResult;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Garbage and malformed SIP on the UDP and TCP ports do not stop the engine: OPTIONS still works on both. */
class BadInputTest {

    private static final List<byte[]> BAD = List.of(
            randomBytes(1, 512),
            randomBytes(2, 4000),
            "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: nonsense\r\nCSeq: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            "OPTIONS sip:a SIP/2.0\r\nContent-Length: 99999999\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII),
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            "\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    private SipEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    @Test
    void garbageOnUdpAndTcpLeavesTheEngineServing() throws Exception {
        engine = EngineFixture.start(StatelessRepliesTest.ROUTER);
        int port = engine.port("udp");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket udp = new DatagramSocket(0, loopback)) {
            for (byte[] bad : BAD) {
                udp.send(new DatagramPacket(bad, bad.length, loopback, port));
            }
        }
        for (byte[] bad : BAD) {
            try (Socket tcp = new Socket(loopback, engine.port("tcp"))) {
                OutputStream out = tcp.getOutputStream();
                out.write(bad);
                out.flush();
            }
        }
        try (Socket held = new Socket(loopback, engine.port("tcp"))) {
            held.getOutputStream().write(randomBytes(3, 1000)); // left open: must not hold the engine up
            for (String transport : List.of("u1", "t1")) {
                SippResult result = Scenarios.uacExpecting("OPTIONS", 200, 70).transport(transport)
                        .remote("127.0.0.1:" + port).localPort(FreePorts.udpAndTcp())
                        .calls(3).rate(10).timeout(Duration.ofSeconds(30)).run();
                assertThat(result.exitCode()).as(transport + ": " + result.describe()).isZero();
                assertThat(result.successfulCalls()).as(result.describe()).isEqualTo(3);
            }
        }
    }

    private static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
