package io.evapi.sip.engine.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.sip.testkit.SipSamples;
import java.text.ParseException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

class ParsedSipMessageTest {

    @Test
    void parsesRequestWithLfLineEndsAndKeepsTransportData() {
        ParsedSipMessage m = SipSamples.register();

        assertThat(m.message()).isInstanceOf(Request.class).isSameAs(m.request());
        assertThat(m.request().getMethod()).isEqualTo("REGISTER");
        assertThat(m.requestUri()).isEqualTo("sip:registrar.biloxi.example.com");
        assertThat(m.destinationUri()).isNull();
        assertThat(m.sourceAddress()).isEqualTo("192.0.2.4");
        assertThat(m.sourcePort()).isEqualTo(41000);
        assertThat(m.localAddress()).isEqualTo("127.0.0.2");
        assertThat(m.localPort()).isEqualTo(5080);
        assertThat(m.transport()).isEqualTo("tcp");
        assertThat(m.replyStatus()).isNull();
        assertThat(m.replyReason()).isNull();
    }

    @Test
    void defaultsToUdpOnLoopback5060() {
        ParsedSipMessage m = SipSamples.invite();

        assertThat(m.localAddress()).isEqualTo("127.0.0.1");
        assertThat(m.localPort()).isEqualTo(5060);
        assertThat(m.transport()).isEqualTo("udp");
        assertThat(m.requestUri()).isEqualTo("sip:bob@biloxi.example.com:5070;transport=udp");
    }

    @Test
    void settingUrisDoesNotTouchTheReceivedMessage() {
        ParsedSipMessage m = SipSamples.invite();

        m.setRequestUri("sip:carol@chicago.example.com");
        m.setDestinationUri("sip:10.0.0.1:5080");

        assertThat(m.requestUri()).isEqualTo("sip:carol@chicago.example.com");
        assertThat(m.destinationUri()).isEqualTo("sip:10.0.0.1:5080");
        assertThat(m.request().getRequestURI().toString()).isEqualTo("sip:bob@biloxi.example.com:5070;transport=udp");
        m.setDestinationUri(null);
        assertThat(m.destinationUri()).isNull();
    }

    @Test
    void replyCarriesStatusReasonAndItsRequest() {
        ParsedSipMessage m = SipSamples.ringing();

        assertThat(m.message()).isInstanceOf(Response.class);
        assertThat(m.request().getMethod()).isEqualTo("INVITE");
        assertThat(m.replyStatus()).isEqualTo(180);
        assertThat(m.replyReason()).isEqualTo("Ringing Now");
        assertThat(m.requestUri()).isEqualTo("sip:bob@biloxi.example.com:5070;transport=udp");
    }

    @Test
    void replyParsedAloneHasNoRequest() throws ParseException {
        ParsedSipMessage m = ParsedSipMessage.parse(SipSamples.RINGING, "192.0.2.20", 5070);

        assertThat(m.replyStatus()).isEqualTo(180);
        assertThat(m.request()).isNull();
        assertThat(m.requestUri()).isNull();
    }

    @Test
    void rejectsTextThatIsNotSip() {
        assertThatThrownBy(() -> ParsedSipMessage.parse("HELLO world\n\n", "192.0.2.1", 1))
                .isInstanceOf(ParseException.class);
    }
}
