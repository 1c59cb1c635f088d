package io.evapi.core.netstring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class NetstringEncodingTest {

    @Test
    void encodesTheKamailioGuideExampleWithItsTrueLength() {
        String payload = "{ \"event\": \"test\",\n \"data\": { \"fU\": \"test\" }\n}";
        ByteBuf frame = Netstrings.encode(ByteBufAllocator.DEFAULT, payload);
        assertThat(frame.toString(UTF_8)).isEqualTo("46:" + payload + ",");
        assertThat(frame.readableBytes()).isEqualTo(Netstrings.frameLength(46));
        frame.release();
    }

    @Test
    void lengthCountsUtf8BytesNotCharacters() {
        ByteBuf frame = Netstrings.encode(ByteBufAllocator.DEFAULT, "é€");
        assertThat(frame.toString(UTF_8)).isEqualTo("5:é€,");
        frame.release();
        ByteBuf empty = Netstrings.encode(ByteBufAllocator.DEFAULT, "");
        assertThat(empty.toString(UTF_8)).isEqualTo("0:,");
        empty.release();
    }

    @Test
    void encodesBytesWithoutConsumingThem() {
        ByteBuf payload = Unpooled.copiedBuffer("0123456789", UTF_8);
        ByteBuf frame = Netstrings.encode(ByteBufAllocator.DEFAULT, payload);
        assertThat(frame.toString(UTF_8)).isEqualTo("10:0123456789,");
        assertThat(payload.readableBytes()).isEqualTo(10);
        payload.release();
        frame.release();
    }

    @Test
    void encoderOutputRoundTripsThroughTheDecoder() {
        EmbeddedChannel out = new EmbeddedChannel(new NetstringEncoder());
        String[] payloads = {"a", "", "x".repeat(1000), "{\"k\":\"é\"}"};
        for (String p : payloads) {
            out.writeOutbound(Unpooled.copiedBuffer(p, UTF_8));
        }
        EmbeddedChannel in = new EmbeddedChannel(new NetstringDecoder(4096));
        ByteBuf wire;
        while ((wire = out.readOutbound()) != null) {
            in.writeInbound(wire);
        }
        for (String p : payloads) {
            if (p.isEmpty()) {
                continue; // an empty frame is a keep-alive and decodes to nothing
            }
            ByteBuf frame = in.readInbound();
            assertThat(frame.toString(UTF_8)).isEqualTo(p);
            frame.release();
        }
        assertFalse(in.finish());
        assertFalse(out.finish());
    }

    @Test
    void frameLengthCountsDigitsColonAndComma() {
        assertThat(Netstrings.frameLength(0)).isEqualTo(3);
        assertThat(Netstrings.frameLength(9)).isEqualTo(12);
        assertThat(Netstrings.frameLength(10)).isEqualTo(14);
        assertThat(Netstrings.frameLength(200)).isEqualTo(205);
    }
}
