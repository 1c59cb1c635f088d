package io.evapi.sip.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.evapi.sip.engine.ListenPoint;
import io.evapi.sip.engine.SipEngine;
import io.evapi.sip.engine.SipEngineConfig;
import io.evapi.sip.testkit.FreePorts;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's UDP transport: bounded queues that count what they drop, per-call order, socket buffers. */
class UdpTransportTest {

    private SipEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    private static String callId(io.evapi.sip.engine.RequestContext ctx) {
        return ((CallIdHeader) ctx.request().getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static SipEngineConfig config(int threads, int queueCapacity) {
        int port = FreePorts.udpAndTcp();
        return new SipEngineConfig(List.of(ListenPoint.udp("127.0.0.1", port)), threads, 30_000, 120_000, 1024,
                queueCapacity);
    }

    private static byte[] options(int localPort, String callId, int cseq, String tag) {
        return ("OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK" + callId + "-" + cseq + "\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=" + tag + "\r\n"
                + "To: <sip:bob@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String receive(DatagramSocket socket) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }

    @Test
    void aFullQueueDropsAndCountsWithoutHoldingTheSocketUpAndTheEngineRecovers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger held = new AtomicInteger();
        engine = SipEngine.start(config(1, 8), ctx -> {
            held.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ctx.slReply(200, "OK");
        });
        int port = engine.port("udp");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket client = new DatagramSocket(0, loopback)) {
            client.setSoTimeout(10_000);
            client.setReceiveBufferSize(1 << 20);
            for (int i = 0; i < 100; i++) {
                byte[] bytes = options(client.getLocalPort(), "flood-" + i, 1, "t" + i);
                client.send(new DatagramPacket(bytes, bytes.length, loopback, port));
            }
            // the worker and at most one receive thread hold a request, at most 8 wait, the rest is dropped, counted
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                UdpTransportStats s = engine.udpStats().get(0);
                return s.received() == 100 && s.dropped() + s.queued() + held.get() == 100;
            });
            UdpTransportStats stats = engine.udpStats().get(0);
            assertThat(stats.queued()).as("%s", stats).isBetween(7, 8);
            assertThat(held.get()).isBetween(1, 2);
            release.countDown();
            List<String> replies = new ArrayList<>();
            for (long i = 0; i < 100 - stats.dropped(); i++) {
                replies.add(receive(client));
            }
            assertThat(replies).allMatch(r -> r.startsWith("SIP/2.0 200"));
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.udpStats().get(0).queued() == 0);
            byte[] after = options(client.getLocalPort(), "after", 1, "ta");
            client.send(new DatagramPacket(after, after.length, loopback, port));
            assertThat(receive(client)).startsWith("SIP/2.0 200").contains("Call-ID: after");
        }
    }

    @Test
    void theMessagesOfOneCallAreProcessedInArrivalOrderWhileCallsRunInParallel() throws Exception {
        int calls = 20;
        int perCall = 30;
        ConcurrentHashMap<String, List<Long>> seen = new ConcurrentHashMap<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        engine = SipEngine.start(config(8, 4096), ctx -> {
            seen.computeIfAbsent(callId(ctx), k -> new CopyOnWriteArrayList<>())
                    .add(((CSeqHeader) ctx.request().getHeader(CSeqHeader.NAME)).getSeqNumber());
            threads.add(Thread.currentThread().getName());
            ctx.slReply(200, "OK");
        });
        int port = engine.port("udp");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket client = new DatagramSocket(0, loopback)) {
            client.setReceiveBufferSize(4 << 20); // the replies of 600 requests sent at once
            client.setSoTimeout(200);
            for (int n = 1; n <= perCall; n++) {
                for (int c = 0; c < calls; c++) {
                    byte[] bytes = options(client.getLocalPort(), "call-" + c, n, "t" + c);
                    client.send(new DatagramPacket(bytes, bytes.length, loopback, port));
                }
            }
            int replies = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (replies < calls * perCall && System.nanoTime() < deadline) {
                try {
                    receive(client);
                    replies++;
                } catch (SocketTimeoutException e) {
                    // keep reading until the deadline
                }
            }
            assertThat(replies).as("%s", engine.udpStats()).isEqualTo(calls * perCall);
        }
        assertThat(seen).hasSize(calls);
        for (List<Long> cseqs : seen.values()) {
            assertThat(cseqs).isSorted().hasSize(perCall);
        }
        assertThat(threads.stream().distinct().count()).isGreaterThan(1);
        assertThat(engine.udpStats().get(0).dropped()).isZero();
    }

    @Test
    void aScriptHoldingUpTheThreadThatReadTheRequestDoesNotStopTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        engine = SipEngine.start(config(4, 1024), ctx -> {
            if (callId(ctx).equals("block")) {
                blocked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ctx.slReply(200, "OK");
        });
        int port = engine.port("udp");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket client = new DatagramSocket(0, loopback)) {
            client.setSoTimeout(10_000);
            byte[] first = options(client.getLocalPort(), "block", 1, "t0");
            client.send(new DatagramPacket(first, first.length, loopback, port)); // alone: read and run by one thread
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            int blockedPartition = UdpMessageProcessor.partitionOf(first, first.length);
            for (int i = 0; i < 20; i++) {
                byte[] bytes = options(client.getLocalPort(), "other-" + i, 1, "t" + i);
                if (UdpMessageProcessor.partitionOf(bytes, bytes.length) == blockedPartition) {
                    continue; // its calls wait, in order, by design
                }
                client.send(new DatagramPacket(bytes, bytes.length, loopback, port));
                String reply = receive(client);
                assertThat(reply).startsWith("SIP/2.0 200").contains("Call-ID: other-" + i);
            }
            release.countDown();
            assertThat(receive(client)).startsWith("SIP/2.0 200").contains("Call-ID: block");
        }
    }

    @Test
    void requestsThatWaitedTooLongAreShedAndCountedWhenTheirTurnComes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger held = new AtomicInteger();
        System.setProperty(UdpTransportSettings.MAX_QUEUE_WAIT, "300");
        try {
            engine = SipEngine.start(config(1, 64), ctx -> {
                if (callId(ctx).startsWith("block")) {
                    held.incrementAndGet();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                ctx.slReply(200, "OK");
            });
        } finally {
            System.clearProperty(UdpTransportSettings.MAX_QUEUE_WAIT);
        }
        int port = engine.port("udp");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket client = new DatagramSocket(0, loopback)) {
            client.setSoTimeout(5_000);
            // the receive thread and the one worker each end up holding a blocked request
            for (int b = 1; b <= 2; b++) {
                byte[] blocker = options(client.getLocalPort(), "block-" + b, 1, "b" + b);
                client.send(new DatagramPacket(blocker, blocker.length, loopback, port));
                int expected = b;
                await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == expected);
            }
            for (int i = 0; i < 5; i++) {
                byte[] bytes = options(client.getLocalPort(), "late-" + i, 1, "t" + i);
                client.send(new DatagramPacket(bytes, bytes.length, loopback, port));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.udpStats().get(0).queued() == 5);
            Thread.sleep(600);
            release.countDown();
            assertThat(receive(client)).contains("Call-ID: block-");
            assertThat(receive(client)).contains("Call-ID: block-");
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.udpStats().get(0).shed() == 5);
            client.setSoTimeout(500);
            assertThatThrownBy(() -> receive(client)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void statsReportTheSocketBuffersTheKernelGranted() throws Exception {
        engine = SipEngine.start(config(2, 64), ctx -> ctx.slReply(200, "OK"));
        UdpTransportStats stats = engine.udpStats().get(0);
        assertThat(stats.port()).isEqualTo(engine.port("udp"));
        assertThat(stats.workers()).isEqualTo(2);
        assertThat(stats.receiveBufferBytes()).isGreaterThan(64 * 1024);
        assertThat(stats.sendBufferBytes()).isPositive();
    }
}
