package io.evapi.core.fuzz;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.evapi.core.netstring.NetstringDecoder;
import io.evapi.core.netstring.NetstringException;
import io.evapi.core.netstring.Netstrings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz targets of the netstring decoder: whatever the bytes and however TCP splits them, the decoder gives
 * the same frames and the same first error, throws nothing but {@link NetstringException}, and gives back
 * whole every frame the encoder wrote. {@code scripts/fuzz} runs them; CI replays the saved inputs.
 */
class NetstringDecoderFuzzTest {

    /** The frames decoded and the reason of the first error, if any. */
    private record Decoded(List<String> frames, NetstringException.Reason error) {
    }

    private static Decoded decode(int maxFrameSize, List<byte[]> chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(new NetstringDecoder(maxFrameSize));
        List<String> frames = new ArrayList<>();
        NetstringException.Reason error = null;
        try {
            for (byte[] chunk : chunks) {
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                } catch (DecoderException e) {
                    // the decoder's own exception is a DecoderException; anything else escapes and is a finding
                    error = ((NetstringException) (e instanceof NetstringException ? e : e.getCause())).reason();
                }
                drain(channel, frames);
                if (error != null) {
                    break;
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        return new Decoded(frames, error);
    }

    private static void drain(EmbeddedChannel channel, List<String> frames) {
        for (ByteBuf frame; (frame = channel.readInbound()) != null; ) {
            try {
                frames.add(frame.toString(ISO_8859_1));
            } finally {
                frame.release();
            }
        }
    }

    private static List<byte[]> split(byte[] stream, int[] cuts) {
        int[] sorted = Arrays.stream(cuts).map(c -> Math.floorMod(c, stream.length + 1)).sorted().toArray();
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : sorted) {
            chunks.add(Arrays.copyOfRange(stream, from, cut));
            from = cut;
        }
        chunks.add(Arrays.copyOfRange(stream, from, stream.length));
        return chunks;
    }

    @FuzzTest(maxDuration = "60s")
    void anySplitDecodesTheSameAsOneRead(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 300);
        int[] cuts = data.consumeInts(data.consumeInt(0, 8));
        byte[] stream = data.consumeRemainingAsBytes();
        assertEquals(decode(max, List.of(stream)), decode(max, split(stream, cuts)));
    }

    @FuzzTest(maxDuration = "60s")
    void encodedFramesComeBackWhole(FuzzedDataProvider data) {
        int count = data.consumeInt(0, 20);
        List<String> payloads = new ArrayList<>();
        ByteBuf wire = Unpooled.buffer();
        try {
            for (int i = 0; i < count; i++) {
                String payload = new String(data.consumeBytes(data.consumeInt(0, 200)), ISO_8859_1);
                ByteBuf frame = Netstrings.encode(ByteBufAllocator.DEFAULT, Unpooled.copiedBuffer(payload, ISO_8859_1));
                wire.writeBytes(frame);
                frame.release();
                if (!payload.isEmpty()) {
                    payloads.add(payload); // an empty frame is a keep-alive: never delivered
                }
                if (data.consumeBoolean()) {
                    wire.writeBytes(" \r\n\t".substring(0, data.consumeInt(0, 4)).getBytes(ISO_8859_1));
                }
            }
            byte[] stream = new byte[wire.readableBytes()];
            wire.readBytes(stream);
            int[] cuts = data.consumeInts(data.consumeInt(0, 8));
            assertEquals(new Decoded(payloads, null), decode(200, split(stream, cuts)));
        } finally {
            wire.release();
        }
    }
}
