package io.evapi.sip.engine.stack;

import java.util.List;

/** Typical requests and replies of a proxy's day, for {@link StackWarmUp}; {@code @N@} varies per round. */
final class SampleMessages {
    private static final String SDP = "v=0\r\no=alice 2890844526 2890844526 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n";

    private static String request(String method, String extra, String type, String body) {
        return method + " sip:bob@127.0.0.1:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-@N@-" + method + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Alice\" <sip:alice@127.0.0.1:5070>;tag=a-@N@\r\n"
                + "To: <sip:bob@127.0.0.1>\r\n"
                + "Call-ID: warm-@N@@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:alice@127.0.0.1:5070;transport=udp>\r\n"
                + "User-Agent: warm-up\r\n"
                + extra
                + (type == null ? "" : "Content-Type: " + type + "\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String response(String status, String method, String extra, String body) {
        return "SIP/2.0 " + status + "\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-proxy-@N@\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-@N@-" + method + ";rport=5070;received=127.0.0.1\r\n"
                + "Record-Route: <sip:127.0.0.1:5060;lr>\r\n"
                + "From: \"Alice\" <sip:alice@127.0.0.1:5070>;tag=a-@N@\r\n"
                + "To: <sip:bob@127.0.0.1>;tag=b-@N@\r\n"
                + "Call-ID: warm-@N@@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:bob@127.0.0.1:5080>\r\n"
                + extra
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static final List<String> REQUESTS = List.of(
            request("MESSAGE", "", "text/plain", "Hello, this is a short message of a typical size."),
            request("OPTIONS", "Accept: application/sdp\r\n", null, ""),
            request("INVITE", "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\nSupported: timer\r\n",
                    "application/sdp", SDP),
            request("ACK", "Route: <sip:127.0.0.1:5060;lr>\r\n", null, ""),
            request("BYE", "Route: <sip:127.0.0.1:5060;lr>\r\n", null, ""),
            request("CANCEL", "", null, ""),
            request("REGISTER", "Expires: 3600\r\n", null, ""));

    static final List<String> RESPONSES = List.of(
            response("100 Trying", "INVITE", "", ""),
            response("180 Ringing", "INVITE", "", ""),
            response("200 OK", "INVITE", "", SDP),
            response("200 OK", "BYE", "", ""),
            response("486 Busy Here", "INVITE", "", ""));

    private SampleMessages() {
    }
}
