package io.evapi.sip.engine.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireMessageTest {

    private static WireMessage parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return WireMessage.parse(b, b.length);
    }

    @Test
    void readsAResponseWithCompactAndRepeatedHeaders() {
        WireMessage m = parse("SIP/2.0 486 Busy Here\r\nv: SIP/2.0/UDP a;branch=z9hG4bK1\r\n"
                + "Via: SIP/2.0/UDP b;branch=z9hG4bK2\r\ni: c1@h\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n");
        assertThat(m.isResponse()).isTrue();
        assertThat(m.status()).isEqualTo(486);
        assertThat(m.method()).isEqualTo("INVITE");
        assertThat(m.value("Call-ID")).isEqualTo("c1@h");
        assertThat(m.lines("Via")).containsExactly("v: SIP/2.0/UDP a;branch=z9hG4bK1",
                "Via: SIP/2.0/UDP b;branch=z9hG4bK2");
        assertThat(m.value("Contact")).isNull();
    }

    @Test
    void readsARequestAndStopsAtTheBody() {
        WireMessage m = parse("BYE sip:bob@127.0.0.1 SIP/2.0\r\nCall-ID: x\r\nContent-Length: 9\r\n\r\nCall-ID:y");
        assertThat(m.isResponse()).isFalse();
        assertThat(m.status()).isZero();
        assertThat(m.method()).isEqualTo("BYE");
        assertThat(m.value("call-id")).isEqualTo("x");
        assertThat(m.lines("Call-ID")).hasSize(1);
    }
}
