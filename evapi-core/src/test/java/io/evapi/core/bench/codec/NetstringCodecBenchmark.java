package io.evapi.core.bench.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.evapi.core.netstring.NetstringDecoder;
import io.evapi.core.netstring.NetstringEncoder;
import io.evapi.core.netstring.Netstrings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Netstring codec throughput: decoding a read of 100 frames, encoding one 200-byte event. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NetstringCodecBenchmark {
    private static final int FRAMES = 100;
    private static final String PAYLOAD = "{\"event\":\"call\",\"data\":{\"fU\":\"alice\",\"tU\":\"bob\",\"ci\":\""
            + "a".repeat(120) + "\"}}";

    private ByteBuf hundredFrames;
    private EmbeddedChannel channel;
    private ByteBuf payloadBytes;
    private EmbeddedChannel encoderChannel;

    @Setup
    public void setUp() {
        ByteBuf all = Unpooled.directBuffer();
        for (int i = 0; i < FRAMES; i++) {
            ByteBuf frame = Netstrings.encode(ByteBufAllocator.DEFAULT, PAYLOAD);
            all.writeBytes(frame);
            frame.release();
        }
        hundredFrames = Unpooled.unreleasableBuffer(all);
        channel = new EmbeddedChannel(new NetstringDecoder(1024 * 1024));
        payloadBytes = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(PAYLOAD, UTF_8));
        encoderChannel = new EmbeddedChannel(new NetstringEncoder());
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decode(Blackhole bh) {
        channel.writeInbound(hundredFrames.duplicate());
        ByteBuf frame;
        while ((frame = channel.readInbound()) != null) {
            bh.consume(frame.readableBytes());
            frame.release();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void encode(Blackhole bh) {
        ByteBuf frame = Netstrings.encode(ByteBufAllocator.DEFAULT, PAYLOAD);
        bh.consume(frame.readableBytes());
        frame.release();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void encoderHandler(Blackhole bh) {
        encoderChannel.writeOutbound(payloadBytes.duplicate());
        ByteBuf part;
        while ((part = encoderChannel.readOutbound()) != null) {
            bh.consume(part.readableBytes());
            part.release();
        }
    }
}
