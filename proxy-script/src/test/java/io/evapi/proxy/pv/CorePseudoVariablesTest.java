package io.evapi.proxy.pv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.sip.engine.message.ParsedSipMessage;
import io.evapi.sip.testkit.SipSamples;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorePseudoVariablesTest {
    private final CorePseudoVariables core = new CorePseudoVariables();

    private PseudoVariable pv(String name, String inner) {
        try {
            return core.resolve(name, inner).orElseThrow(() -> new AssertionError("not core: $" + name));
        } catch (ScriptConfigException e) {
            throw new AssertionError(e);
        }
    }

    private Object get(String name, ScriptContext context) {
        return pv(name, null).get(context);
    }

    @ParameterizedTest(name = "${0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ru | sip:bob@biloxi.example.com:5070;transport=udp
            rU | bob
            rd | biloxi.example.com
            fu | sip:alice@atlanta.example.com
            fU | alice
            fd | atlanta.example.com
            tu | sip:bob@biloxi.example.com
            tU | bob
            td | biloxi.example.com
            ci | a84b4c76e66710@pc33.atlanta.example.com
            rm | INVITE
            si | 192.0.2.10
            Ri | 127.0.0.1
            pr | udp
            proto | udp
            ua | SoftPhone/1.0
            """)
    void stringVariablesOfAnInvite(String name, String expected) {
        assertThat(get(name, TestContext.with(SipSamples.invite()))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "${0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            rp | 5070
            cs | 314159
            sp | 5062
            Rp | 5060
            """)
    void integerVariablesAreLongs(String name, long expected) {
        assertThat(get(name, TestContext.with(SipSamples.invite()))).isEqualTo(expected);
    }

    @Test
    void registerOverTcpFromAnotherAddress() {
        ScriptContext ctx = TestContext.with(SipSamples.register());

        assertThat(get("rm", ctx)).isEqualTo("REGISTER");
        assertThat(get("rU", ctx)).as("R-URI without user").isNull();
        assertThat(get("rd", ctx)).isEqualTo("registrar.biloxi.example.com");
        assertThat(get("rp", ctx)).as("no port written: 5060").isEqualTo(5060L);
        assertThat(get("pr", ctx)).isEqualTo("tcp");
        assertThat(get("sp", ctx)).isEqualTo(41000L);
        assertThat(get("Ri", ctx)).isEqualTo("127.0.0.2");
        assertThat(get("Rp", ctx)).isEqualTo(5080L);
        assertThat(get("ua", ctx)).as("no User-Agent").isNull();
        assertThat(get("rs", ctx)).as("not a reply").isNull();
        assertThat(get("rr", ctx)).isNull();
    }

    @Test
    void optionsToSipsIpv6() {
        ScriptContext ctx = TestContext.with(SipSamples.options());

        assertThat(get("rd", ctx)).isEqualTo("[2001:db8::10]");
        assertThat(get("rp", ctx)).as("sips without port: 5061").isEqualTo(5061L);
        assertThat(get("fU", ctx)).isEqualTo("monitor");
        assertThat(get("fd", ctx)).isEqualTo("[2001:db8::9]");
        assertThat(get("tU", ctx)).isNull();
        assertThat(get("cs", ctx)).isEqualTo(7L);
    }

    @Test
    void replyGivesStatusReasonAndCseqMethodButNoRequestUri() {
        ScriptContext ctx = TestContext.with(SipSamples.ringing());

        assertThat(get("rs", ctx)).isEqualTo(180L);
        assertThat(get("rr", ctx)).isEqualTo("Ringing Now");
        assertThat(get("rm", ctx)).isEqualTo("INVITE");
        assertThat(get("ru", ctx)).isNull();
        assertThat(get("rU", ctx)).isNull();
        assertThat(get("si", ctx)).isEqualTo("192.0.2.20");
        assertThat(get("tu", ctx)).isEqualTo("sip:bob@biloxi.example.com");
    }

    @Test
    void messageBufferAndLength() {
        ScriptContext ctx = TestContext.with(SipSamples.invite());

        String mb = (String) get("mb", ctx);
        assertThat(mb).startsWith("INVITE sip:bob@biloxi.example.com:5070;transport=udp SIP/2.0\r\n")
                .contains("Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n").endsWith("\r\n\r\nv=0\r\n");
        assertThat(get("ml", ctx)).isEqualTo((long) mb.length());
    }

    @Test
    void headerByNameIgnoringCaseAndByCompactForm() {
        ScriptContext ctx = TestContext.with(SipSamples.invite());

        assertThat(pv("hdr", "call-id").get(ctx)).isEqualTo("a84b4c76e66710@pc33.atlanta.example.com");
        assertThat(pv("hdr", "i").get(ctx)).isEqualTo("a84b4c76e66710@pc33.atlanta.example.com");
        assertThat((String) pv("hdr", "From").get(ctx)).as("written as f: in the message")
                .contains("<sip:alice@atlanta.example.com>").contains("tag=1928301774");
        assertThat(pv("hdr", "f").get(ctx)).isEqualTo(pv("hdr", "From").get(ctx));
        assertThat(pv("hdr", "CSeq").get(ctx)).isEqualTo("314159 INVITE");
    }

    @Test
    void headerGivesTheFirstOfSeveralAndNullWhenAbsent() {
        ScriptContext ctx = TestContext.with(SipSamples.invite());

        assertThat(pv("hdr", "X-Account").get(ctx)).isEqualTo("\"gold\"");
        assertThat((String) pv("hdr", "v").get(ctx)).contains("pc33.atlanta.example.com").doesNotContain("10.0.0.9");
        assertThat(pv("hdr", "X-Missing").get(ctx)).isNull();
    }

    @Test
    void everyMessageVariableIsNullWithoutAMessage() throws ScriptConfigException {
        ScriptContext empty = new TestContext();
        for (String name : new String[] {"ru", "rU", "rd", "rp", "du", "fu", "fU", "fd", "tu", "tU", "td", "ci",
                "cs", "rm", "rs", "rr", "si", "sp", "Ri", "Rp", "pr", "ua", "mb", "ml"}) {
            assertThat(get(name, empty)).as("$" + name).isNull();
        }
        assertThat(pv("hdr", "From").get(empty)).isNull();
        assertThat(pv("avp", "x").get(empty)).isNull();
    }

    @Test
    void assigningRuChangesWhatUserHostAndPortRead() {
        ParsedSipMessage message = SipSamples.invite();
        ScriptContext ctx = TestContext.with(message);

        pv("ru", null).set(ctx, "sip:carol@chicago.example.com");

        assertThat(get("ru", ctx)).isEqualTo("sip:carol@chicago.example.com");
        assertThat(get("rU", ctx)).isEqualTo("carol");
        assertThat(get("rd", ctx)).isEqualTo("chicago.example.com");
        assertThat(get("rp", ctx)).isEqualTo(5060L);
        assertThat(message.requestUri()).isEqualTo("sip:carol@chicago.example.com");
    }

    @Test
    void assigningUserAndHostRewritesOnlyThatPart() {
        ScriptContext ctx = TestContext.with(SipSamples.invite());

        pv("rU", null).set(ctx, "+15551234");
        assertThat(get("ru", ctx)).isEqualTo("sip:+15551234@biloxi.example.com:5070;transport=udp");

        pv("rd", null).set(ctx, "10.1.2.3");
        assertThat(get("ru", ctx)).isEqualTo("sip:+15551234@10.1.2.3:5070;transport=udp");

        pv("rU", null).set(ctx, null);
        assertThat(get("ru", ctx)).isEqualTo("sip:10.1.2.3:5070;transport=udp");
        assertThat(get("rU", ctx)).isNull();

        pv("rU", null).set(ctx, "dave");
        assertThat(get("ru", ctx)).isEqualTo("sip:dave@10.1.2.3:5070;transport=udp");
    }

    @Test
    void userRewriteKeepsThePassword() {
        ScriptContext ctx = TestContext.with(SipSamples.invite());
        pv("ru", null).set(ctx, "sip:alice:secret@h.example.com");

        pv("rU", null).set(ctx, "bob");

        assertThat(get("ru", ctx)).isEqualTo("sip:bob:secret@h.example.com");
    }

    @Test
    void badRequestUriAssignmentsAreRuntimeErrorsAndChangeNothing() {
        ParsedSipMessage message = SipSamples.invite();
        ScriptContext ctx = TestContext.with(message);
        String before = message.requestUri();

        assertThatThrownBy(() -> pv("ru", null).set(ctx, "not a uri"))
                .hasMessageContaining("$ru").hasMessageContaining("expected sip:, sips: or tel:");
        assertThatThrownBy(() -> pv("ru", null).set(ctx, null)).hasMessageContaining("$ru");
        assertThatThrownBy(() -> pv("rd", null).set(ctx, "")).hasMessageContaining("$rd");
        assertThat(message.requestUri()).isEqualTo(before);
        assertThat(pv("rp", null).assignable()).isFalse();
    }

    @Test
    void requestUriCannotBeAssignedInAReply() {
        ScriptContext ctx = TestContext.with(SipSamples.ringing());

        assertThatThrownBy(() -> pv("ru", null).set(ctx, "sip:x@y")).hasMessageContaining("no request");
    }

    @Test
    void destinationUriIsNullUntilSetAndNullResetsIt() {
        ParsedSipMessage message = SipSamples.invite();
        ScriptContext ctx = TestContext.with(message);
        PseudoVariable du = pv("du", null);

        assertThat(du.assignable()).isTrue();
        assertThat(du.get(ctx)).isNull();
        du.set(ctx, "sip:10.0.0.1:5080;transport=tcp");
        assertThat(du.get(ctx)).isEqualTo("sip:10.0.0.1:5080;transport=tcp");
        assertThat(message.destinationUri()).isEqualTo("sip:10.0.0.1:5080;transport=tcp");
        assertThat(get("ru", ctx)).as("$du leaves $ru alone").isEqualTo(message.request().getRequestURI().toString());
        assertThatThrownBy(() -> du.set(ctx, "10.0.0.1")).hasMessageContaining("$du");
        du.set(ctx, null);
        assertThat(du.get(ctx)).isNull();
    }

    @Test
    void readOnlyVariablesSayNotAssignable() {
        for (String name : new String[] {"fu", "fU", "ci", "rs", "si", "mb", "ml"}) {
            assertThat(pv(name, null).assignable()).as("$" + name).isFalse();
        }
        assertThat(pv("hdr", "From").assignable()).isFalse();
        assertThat(pv("var", "x").assignable()).isTrue();
        assertThat(pv("avp", "x").assignable()).isTrue();
    }

    @Test
    void unknownNamesAreNotCore() throws ScriptConfigException {
        assertThat(core.resolve("evapi", "msg")).isEmpty();
        assertThat(core.resolve("T_reply_code", null)).isEmpty();
        assertThat(core.resolve("RU", null)).as("names are case-sensitive").isEmpty();
    }

    @Test
    void configErrorsSayWhatWasExpected() throws Exception {
        assertThatThrownBy(() -> core.resolve("hdr", null)).isInstanceOf(ScriptConfigException.class)
                .hasMessageContaining("expected $hdr(Name)");
        assertThatThrownBy(() -> core.resolve("hdr", "")).hasMessageContaining("expected $hdr(Name)");
        assertThatThrownBy(() -> core.resolve("hdr", "X Bad")).hasMessageContaining("expected a SIP token");
        assertThatThrownBy(() -> core.resolve("var", null)).hasMessageContaining("expected $var(name)");
        assertThat(core.resolve("var", "$x")).as("a $var name is its text, as in Kamailio").isPresent();
        assertThatThrownBy(() -> core.resolve("avp", "")).hasMessageContaining("expected $avp(name)");
        assertThatThrownBy(() -> core.resolve("ru", "x")).isInstanceOf(ScriptConfigException.class)
                .hasMessageContaining("$ru takes no name in parentheses");
    }
}
