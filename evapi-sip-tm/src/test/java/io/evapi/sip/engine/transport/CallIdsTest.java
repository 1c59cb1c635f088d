package io.evapi.sip.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallIdsTest {

    private static int hash(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        return CallIds.hash(bytes, bytes.length);
    }

    @Test
    void theFullAndTheCompactFormInAnyCaseAndSpacingGiveTheSameHash() {
        int full = hash("INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: abc@h\r\n\r\n");
        assertThat(full).isNotZero();
        assertThat(hash("SIP/2.0 200 OK\r\ncall-id:abc@h\r\nCSeq: 1 INVITE\r\n\r\n")).isEqualTo(full);
        assertThat(hash("ACK sip:b@h SIP/2.0\r\nCALL-ID  :   abc@h  \r\n\r\n")).isEqualTo(full);
        assertThat(hash("BYE sip:b@h SIP/2.0\nFrom: <sip:a@h>;tag=1\ni: abc@h\n\n")).isEqualTo(full);
        assertThat(hash("BYE sip:b@h SIP/2.0\r\nI:abc@h\r\n\r\n")).isEqualTo(full);
        assertThat(hash("BYE sip:b@h SIP/2.0\r\nCall-ID: other@h\r\n\r\n")).isNotEqualTo(full);
    }

    @Test
    void headersThatOnlyLookAlikeAndTheBodyAreIgnored() {
        assertThat(hash("MESSAGE sip:b@h SIP/2.0\r\nIn-Reply-To: x@h\r\nCall-Info: <http://h>\r\n"
                + "Content-Length: 12\r\n\r\nCall-ID: x@h")).isZero();
        assertThat(hash("MESSAGE sip:b@h SIP/2.0\r\nCall-ID:\r\n\r\n")).isZero();
        assertThat(hash("")).isZero();
        assertThat(hash("\r\n\r\n")).isZero();
        assertThat(hash("no line end at all: Call-ID: x")).isZero();
    }

    @Test
    void aTruncatedDatagramIsReadSafely() {
        byte[] bytes = "OPTIONS sip:h SIP/2.0\r\nCall-I".getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n <= bytes.length; n++) {
            assertThat(CallIds.hash(bytes, n)).isZero();
        }
    }
}
