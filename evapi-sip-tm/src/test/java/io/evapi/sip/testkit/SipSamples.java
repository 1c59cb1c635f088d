package io.evapi.sip.testkit;

import io.evapi.sip.engine.message.ParsedSipMessage;
import java.text.ParseException;

/** SIP messages as text, parsed the way the proxy sees them. */
public final class SipSamples {

    public static final String INVITE = """
            INVITE sip:bob@biloxi.example.com:5070;transport=udp SIP/2.0
            Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds
            Via: SIP/2.0/UDP 10.0.0.9:5062;branch=z9hG4bK-second
            Max-Forwards: 70
            To: Bob <sip:bob@biloxi.example.com>
            f: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774
            Call-ID: a84b4c76e66710@pc33.atlanta.example.com
            CSeq: 314159 INVITE
            Contact: <sip:alice@pc33.atlanta.example.com>
            User-Agent: SoftPhone/1.0
            X-Account: "gold"
            X-Account: silver
            Content-Type: application/sdp
            Content-Length: 5

            v=0
            """;

    public static final String REGISTER = """
            REGISTER sip:registrar.biloxi.example.com SIP/2.0
            Via: SIP/2.0/TCP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7
            Max-Forwards: 70
            To: Bob <sip:bob@biloxi.example.com>
            From: Bob <sip:bob@biloxi.example.com>;tag=456248
            Call-ID: 843817637684230@998sdasdh09
            CSeq: 1826 REGISTER
            Contact: <sip:bob@192.0.2.4>
            Expires: 7200
            Content-Length: 0
            """;

    public static final String OPTIONS = """
            OPTIONS sips:[2001:db8::10] SIP/2.0
            Via: SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKopt
            Max-Forwards: 70
            To: <sips:[2001:db8::10]>
            From: <sip:monitor@[2001:db8::9]:5080>;tag=77
            Call-ID: opt-1
            CSeq: 7 OPTIONS
            Content-Length: 0
            """;

    public static final String RINGING = """
            SIP/2.0 180 Ringing Now
            Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds
            To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf
            From: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774
            Call-ID: a84b4c76e66710@pc33.atlanta.example.com
            CSeq: 314159 INVITE
            Content-Length: 0
            """;

    private SipSamples() {
    }

    public static ParsedSipMessage invite() {
        return parse(INVITE, "192.0.2.10", 5062);
    }

    public static ParsedSipMessage register() {
        try {
            return ParsedSipMessage.parse(REGISTER, "192.0.2.4", 41000, "127.0.0.2", 5080, "tcp");
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    public static ParsedSipMessage options() {
        return parse(OPTIONS, "2001:db8::9", 5060);
    }

    public static ParsedSipMessage ringing() {
        try {
            return ParsedSipMessage.reply(RINGING, invite().request(), "192.0.2.20", 5070);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    public static ParsedSipMessage parse(String text, String srcIp, int srcPort) {
        try {
            return ParsedSipMessage.parse(text, srcIp, srcPort);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }
}
