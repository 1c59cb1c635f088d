package io.evapi.proxy.modules.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.proxy.modules.sip.SanityModule.Failure;
import io.evapi.proxy.modules.sip.SanityModule.RawRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sanity checks on requests as written, with Kamailio's replies (from its sanity module). The same checks
 * run over SIP against Kamailio in proxy-demo's KamailioSideBySideTest.
 */
class SanityChecksTest {
    private static final String OK = """
            OPTIONS sip:bob@example.com SIP/2.0\r
            Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r
            From: <sip:alice@example.com>;tag=1\r
            To: <sip:bob@example.com>\r
            Call-ID: c1\r
            CSeq: 7 OPTIONS\r
            Max-Forwards: 70\r
            Content-Length: 0\r
            \r
            """;

    private static String check(String text, int checks, int uriChecks) {
        Failure f = SanityChecks.run(RawRequest.parse(text), checks, uriChecks, List.of("foo"));
        return f == null ? "pass" : f.code() == 0 ? "silent" : f.code() + " " + f.reason()
                + (f.headerName() == null ? "" : " / " + f.headerName() + ": " + f.headerValue());
    }

    private static String with(String from, String to) {
        return OK.replace(from, to);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            well formed                    | pass
            R-URI version 3.0              | 505 Version Not Supported (R-URI)
            R-URI scheme mailto            | 400 Bad Request URI
            CSeq method INVITE             | 400 CSeq method does not match request method
            CSeq method missing            | 400 Missing method in CSeq header
            CSeq number too big            | 400 CSeq number is illegal
            CSeq number not a number       | 400 CSeq number is illegal
            Content-Length too big         | 400 Content-Length mis-match
            Content-Length not a number    | 400 Content-Length Failure
            Expires not a number           | 400 Expires value is illegal
            Expires empty                  | 400 Bad Expires Header
            Proxy-Require unknown          | 420 Bad Proxy Require Extension / Unsupported: bar
            Proxy-Require known            | pass
            two From headers               | silent
            no Call-ID                     | silent
            From URI without host          | 400 Invalid From Header
            To URI without host            | 400 Ivalid To Header
            digest without nonce           | 400 Bad Auth Credentials
            digest with empty username     | 400 Auth Empty User
            basic credentials              | silent
            two To tags                    | 400 Many To Tag Params
            """)
    void kamailiosRepliesForEachCheck(String which, String expected) {
        String text = switch (which) {
            case "well formed" -> OK;
            case "R-URI version 3.0" -> with("sip:bob@example.com SIP/2.0", "sip:bob@example.com SIP/3.0");
            case "R-URI scheme mailto" -> with("OPTIONS sip:bob@example.com", "OPTIONS mailto:bob@example.com");
            case "CSeq method INVITE" -> with("CSeq: 7 OPTIONS", "CSeq: 7 INVITE");
            case "CSeq method missing" -> with("CSeq: 7 OPTIONS", "CSeq: 7");
            case "CSeq number too big" -> with("CSeq: 7 OPTIONS", "CSeq: 4294967296 OPTIONS");
            case "CSeq number not a number" -> with("CSeq: 7 OPTIONS", "CSeq: 7a OPTIONS");
            case "Content-Length too big" -> with("Content-Length: 0", "Content-Length: 5");
            case "Content-Length not a number" -> with("Content-Length: 0", "Content-Length: x");
            case "Expires not a number" -> with("Max-Forwards: 70", "Max-Forwards: 70\r\nExpires: abc");
            case "Expires empty" -> with("Max-Forwards: 70", "Max-Forwards: 70\r\nExpires: ");
            case "Proxy-Require unknown" -> with("Max-Forwards: 70", "Max-Forwards: 70\r\nProxy-Require: foo, bar");
            case "Proxy-Require known" -> with("Max-Forwards: 70", "Max-Forwards: 70\r\nProxy-Require: foo");
            case "two From headers" -> with("Call-ID: c1", "f: <sip:x@example.com>;tag=2\r\nCall-ID: c1");
            case "no Call-ID" -> with("Call-ID: c1\r\n", "");
            case "From URI without host" -> with("From: <sip:alice@example.com>", "From: <sip:alice@>");
            case "To URI without host" -> with("To: <sip:bob@example.com>", "To: <sip:>");
            case "digest without nonce" -> with("Max-Forwards: 70", "Max-Forwards: 70\r\nAuthorization: Digest"
                    + " username=\"a\", realm=\"r\", uri=\"sip:x\", response=\"f\"");
            case "digest with empty username" -> with("Max-Forwards: 70", "Max-Forwards: 70\r\nAuthorization:"
                    + " Digest username=\"\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"f\"");
            case "basic credentials" -> with("Max-Forwards: 70", "Max-Forwards: 70\r\nAuthorization: Basic YTpi");
            case "two To tags" -> with("To: <sip:bob@example.com>", "To: <sip:bob@example.com>;tag=1;tag=2");
            default -> throw new IllegalArgumentException(which);
        };
        // Kamailio's default checks (3047) plus URIs (1024: R-URI, From, To) and duplicate tags (4096)
        assertThat(check(text, 3047 | 1024 | 4096, 7)).isEqualTo(expected);
    }
}
