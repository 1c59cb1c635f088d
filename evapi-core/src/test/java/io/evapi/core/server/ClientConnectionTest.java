package io.evapi.core.server;

import static io.evapi.core.server.ServerFixture.WAIT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.RejectedExecutionHandlers;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbound path of one client against an event loop whose task queue is bounded and full. */
class ClientConnectionTest {
    private final SingleThreadIoEventLoop loop = new SingleThreadIoEventLoop(null,
            new DefaultThreadFactory("bounded-loop", true), NioIoHandler.newFactory(), 16,
            RejectedExecutionHandlers.reject(), 100);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aFullHandOverQueueDelaysFramesButNeverWedgesTheClient() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel channel = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter()).connect(listening.getLocalSocketAddress())
                    .sync().channel();
            Socket peer = listening.accept();
            ClientConnection c = new ClientConnection(channel, 0, 1, new Counters(), new AtomicLong(),
                    new InboundEvents(Runnable::run, true, channel, new InboundBudget(1024), 1024));
            c.attach();

            // the loop is busy and its bounded task queue full: the drain cannot be handed over
            loop.execute(() -> awaitQuietly(release));
            try {
                while (true) {
                    loop.execute(() -> { });
                }
            } catch (RejectedExecutionException full) {
                // as a loop with io.netty.eventLoop.maxPendingTasks set can be under load
            }
            assertThat(c.enqueue(frame("one,"))).isTrue();
            assertThat(c.closing()).as("a client kept in its slot must still take events").isFalse();

            release.countDown();
            await().atMost(WAIT).until(() -> loop.pendingTasks() == 0);
            assertThat(c.enqueue(frame("two,"))).isTrue(); // the next send hands over the drain for both
            assertThat(readAtLeast(peer, 8)).isEqualTo("one,two,");
            peer.close();
        }
    }

    /** Unpooled: enqueue takes a reference of its own, and the test's may be left to the GC. */
    private static ByteBuf frame(String text) {
        return Unpooled.copiedBuffer(text, UTF_8);
    }

    private static String readAtLeast(Socket s, int bytes) throws Exception {
        s.setSoTimeout((int) WAIT.toMillis());
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        while (got.size() < bytes) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            got.write(buf, 0, n);
        }
        return got.toString(UTF_8);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
