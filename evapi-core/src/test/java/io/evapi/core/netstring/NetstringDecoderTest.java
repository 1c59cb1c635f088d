package io.evapi.core.netstring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.evapi.core.netstring.NetstringException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetstringDecoderTest {
    private static final int MAX = 64;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    static Stream<Arguments> validStreams() {
        String exactlyMax = "x".repeat(MAX);
        return Stream.of(
                Arguments.of("5:hello,", List.of("hello")),
                Arguments.of("5:hello,5:world,", List.of("hello", "world")),
                Arguments.of("0:,3:abc,0:,", List.of("abc")),
                Arguments.of(" \t\r\n3:abc,\r\n 3:def,\n", List.of("abc", "def")),
                Arguments.of("003:abc,", List.of("abc")),
                Arguments.of("0000000003:abc,", List.of("abc")),
                Arguments.of("7:1:2,3:4,1:,,", List.of("1:2,3:4", ",")),
                Arguments.of(bytes("é€") + ":é€,", List.of("é€")),
                Arguments.of(MAX + ":" + exactlyMax + ",", List.of(exactlyMax)),
                Arguments.of("46:{ \"event\": \"test\",\n \"data\": { \"fU\": \"test\" }\n},",
                        List.of("{ \"event\": \"test\",\n \"data\": { \"fU\": \"test\" }\n}")));
    }

    private static int bytes(String s) {
        return s.getBytes(UTF_8).length;
    }

    @ParameterizedTest
    @MethodSource("validStreams")
    void decodesWhole(String stream, List<String> frames) {
        assertThat(feed(List.of(stream.getBytes(UTF_8)))).containsExactlyElementsOf(frames);
    }

    @ParameterizedTest
    @MethodSource("validStreams")
    void decodesTheSameWhereverTcpSplitsTheBytes(String stream, List<String> frames) {
        byte[] all = stream.getBytes(UTF_8);
        for (int split = 1; split < all.length; split++) {
            byte[] head = java.util.Arrays.copyOfRange(all, 0, split);
            byte[] tail = java.util.Arrays.copyOfRange(all, split, all.length);
            assertThat(feed(List.of(head, tail))).as("split at %d", split).containsExactlyElementsOf(frames);
        }
    }

    @ParameterizedTest
    @MethodSource("validStreams")
    void decodesOneByteAtATime(String stream, List<String> frames) {
        List<byte[]> chunks = new ArrayList<>();
        for (byte b : stream.getBytes(UTF_8)) {
            chunks.add(new byte[] {b});
        }
        assertThat(feed(chunks)).containsExactlyElementsOf(frames);
    }

    static Stream<Arguments> badStreams() {
        return Stream.of(
                Arguments.of("3:abc,x:abc,", Reason.NON_DIGIT_LENGTH),
                Arguments.of("3:abc,-1:a,", Reason.NON_DIGIT_LENGTH),
                Arguments.of("3:abc,12345678901:a,", Reason.FRAME_TOO_LARGE),
                Arguments.of("3:abc,00000000001:a,", Reason.LENGTH_TOO_LONG),
                Arguments.of("3:abc," + (MAX + 1) + ":" + "y".repeat(MAX + 1) + ",", Reason.FRAME_TOO_LARGE),
                Arguments.of("3:abc,3abc,", Reason.MISSING_COLON),
                Arguments.of("3:abc,3 :abc,", Reason.MISSING_COLON),
                Arguments.of("3:abc,3:abcd,", Reason.MISSING_COMMA),
                Arguments.of("3:abc,2:abc,", Reason.MISSING_COMMA));
    }

    @ParameterizedTest
    @MethodSource("badStreams")
    void badFrameFailsAfterDeliveringTheFramesBeforeIt(String stream, Reason reason) {
        EmbeddedChannel channel = new EmbeddedChannel(new NetstringDecoder(MAX));
        NetstringException e = catchThrowableOfType(NetstringException.class,
                () -> channel.writeInbound(Unpooled.copiedBuffer(stream + "5:after,", UTF_8)));
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(drain(channel)).containsExactly("abc");
        channel.writeInbound(Unpooled.copiedBuffer("5:later,", UTF_8));
        assertThat(drain(channel)).as("nothing is decoded after a framing error").isEmpty();
        assertFalse(channel.finish());
    }

    @ParameterizedTest
    @MethodSource("badStreams")
    void badFrameFedOneByteAtATime(String stream, Reason reason) {
        EmbeddedChannel channel = new EmbeddedChannel(new NetstringDecoder(MAX));
        NetstringException failure = null;
        List<String> frames = new ArrayList<>();
        for (byte b : (stream + "5:after,").getBytes(UTF_8)) {
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            } catch (NetstringException e) {
                assertThat(failure).as("only one error is raised").isNull();
                failure = e;
            }
            frames.addAll(drain(channel));
        }
        assertThat(failure).isNotNull();
        assertThat(failure.reason()).isEqualTo(reason);
        assertThat(frames).containsExactly("abc");
        assertFalse(channel.finish());
    }

    @Test
    void hugeDeclaredLengthFailsAtTheLengthWithoutBuffering() {
        EmbeddedChannel channel = new EmbeddedChannel(new NetstringDecoder(1024 * 1024));
        NetstringException e = catchThrowableOfType(NetstringException.class,
                () -> channel.writeInbound(Unpooled.copiedBuffer("2147483647:", UTF_8)));
        assertThat(e.reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
        assertThat(e.getMessage()).contains("max_frame_size 1048576");

        EmbeddedChannel digitsOnly = new EmbeddedChannel(new NetstringDecoder(Integer.MAX_VALUE));
        NetstringException tooLarge = catchThrowableOfType(NetstringException.class,
                () -> digitsOnly.writeInbound(Unpooled.copiedBuffer("99999999999", UTF_8)));
        assertThat(tooLarge.reason()).isEqualTo(Reason.FRAME_TOO_LARGE);

        EmbeddedChannel zeros = new EmbeddedChannel(new NetstringDecoder(Integer.MAX_VALUE));
        NetstringException tooLong = catchThrowableOfType(NetstringException.class,
                () -> zeros.writeInbound(Unpooled.copiedBuffer("00000000000", UTF_8)));
        assertThat(tooLong.reason()).isEqualTo(Reason.LENGTH_TOO_LONG);
        assertFalse(zeros.finish());
        assertFalse(channel.finish());
        assertFalse(digitsOnly.finish());
    }

    @Test
    void messageNamesWhatWasFoundAndExpected() {
        EmbeddedChannel channel = new EmbeddedChannel(new NetstringDecoder(MAX));
        NetstringException e = catchThrowableOfType(NetstringException.class,
                () -> channel.writeInbound(Unpooled.copiedBuffer("5:helloX", UTF_8)));
        assertThat(e.getMessage()).isEqualTo("expected ',' after 5-byte payload, found 'X' (0x58)");
        assertFalse(channel.finish());
    }

    @Test
    void randomFrameSequencesSurviveRandomSplits() {
        Random random = new Random(20261123);
        for (int round = 0; round < 2000; round++) {
            List<String> frames = new ArrayList<>();
            StringBuilder stream = new StringBuilder();
            int count = 1 + random.nextInt(5);
            for (int i = 0; i < count; i++) {
                String payload = randomPayload(random);
                if (!payload.isEmpty()) {
                    frames.add(payload);
                }
                stream.append(" \n".substring(0, random.nextInt(3) == 0 ? 1 : 0));
                stream.append(payload.getBytes(UTF_8).length).append(':').append(payload).append(',');
            }
            byte[] all = stream.toString().getBytes(UTF_8);
            List<byte[]> chunks = new ArrayList<>();
            int at = 0;
            while (at < all.length) {
                int n = 1 + random.nextInt(Math.min(8, all.length - at));
                chunks.add(java.util.Arrays.copyOfRange(all, at, at + n));
                at += n;
            }
            assertThat(feed(chunks)).as("round %d: %s", round, stream).containsExactlyElementsOf(frames);
        }
    }

    private static String randomPayload(Random random) {
        String alphabet = "ab:,09 \n{}\"é";
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(20);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static List<String> feed(List<byte[]> chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(new NetstringDecoder(MAX));
        List<String> frames = new ArrayList<>();
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
            frames.addAll(drain(channel));
        }
        assertFalse(channel.finish());
        return frames;
    }

    private static List<String> drain(EmbeddedChannel channel) {
        List<String> frames = new ArrayList<>();
        ByteBuf frame;
        while ((frame = channel.readInbound()) != null) {
            frames.add(frame.toString(UTF_8));
            frame.release();
        }
        return frames;
    }
}
