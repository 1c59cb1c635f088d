package io.evapi.proxy.pv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipUriTest {

    @Test
    void readsUserHostAndPort() {
        SipUri u = SipUri.parse("sip:bob@biloxi.example.com:5070;transport=udp");

        assertThat(u.user()).isEqualTo("bob");
        assertThat(u.host()).isEqualTo("biloxi.example.com");
        assertThat(u.port()).isEqualTo(5070);
    }

    @Test
    void dropsPasswordAndUriHeaders() {
        SipUri u = SipUri.parse("sips:alice:secret@atlanta.example.com?subject=x");

        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.host()).isEqualTo("atlanta.example.com");
        assertThat(u.port()).isNull();
    }

    @Test
    void nameAddrIsNotAUriAsForKamailiosUriParser() {
        assertThat(SipUri.parse("\"Alice\" <sip:alice@atlanta.example.com>;tag=1").host()).isNull();
    }

    @Test
    void uriWithoutUserPartHasNullUser() {
        SipUri u = SipUri.parse("sip:registrar.example.com;lr");

        assertThat(u.user()).isNull();
        assertThat(u.host()).isEqualTo("registrar.example.com");
        assertThat(SipUri.parse("sip:@h").user()).isNull();
    }

    @Test
    void keepsIpv6BracketsAndFindsThePortAfterThem() {
        assertThat(SipUri.parse("sip:[2001:db8::1]:5080").host()).isEqualTo("[2001:db8::1]");
        assertThat(SipUri.parse("sip:[2001:db8::1]:5080").port()).isEqualTo(5080);
        assertThat(SipUri.parse("sip:u@[2001:db8::1]").port()).isNull();
    }

    @Test
    void hostStartPointsIntoTheText() {
        String text = "sip:bob@biloxi.example.com:5070";
        SipUri u = SipUri.parse(text);

        assertThat(text.substring(u.hostStart())).startsWith("biloxi.example.com");
    }

    @Test
    void telUriNumberIsTheUser() {
        SipUri u = SipUri.parse("tel:+15551234;phone-context=example.com");

        assertThat(u.user()).isEqualTo("+15551234");
        assertThat(u.host()).isNull();
    }

    @Test
    void textThatIsNotAUriHasNoParts() {
        assertThat(SipUri.parse("bob")).isEqualTo(new SipUri(null, null, null, -1));
        assertThat(SipUri.parse(null).host()).isNull();
        assertThat(SipUri.parse("http://x").host()).isNull();
    }
}
