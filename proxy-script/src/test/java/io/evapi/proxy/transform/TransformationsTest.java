package io.evapi.proxy.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.spi.ScriptConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransformationsTest {

    private static Object apply(String spec, Object value) {
        try {
            return Transformations.compile(spec).apply(value);
        } catch (ScriptConfigException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void lengthOfStringsAndIntegers() {
        assertThat(apply("s.len", "alice")).isEqualTo(5L);
        assertThat(apply("s.len", "")).isEqualTo(0L);
        assertThat(apply("s.len", -123L)).as("decimal text of the integer").isEqualTo(4L);
    }

    @Test
    void integerConversionIsStrictAsKamailios() {
        assertThat(apply("s.int", "42")).isEqualTo(42L);
        assertThat(apply("s.int", "-17")).isEqualTo(-17L);
        assertThat(apply("s.int", "+8")).isEqualTo(8L);
        assertThat(apply("s.int", "")).isEqualTo(0L);
        assertThat(apply("s.int", 5L)).isEqualTo(5L);
        assertThat(apply("s.int", "abc")).as("not a number fails").isNull();
        assertThat(apply("s.int", "12abc")).isNull();
        assertThat(apply("s.int", " 12")).isNull();
        assertThat(apply("s.int", "99999999999999999999")).as("overflow fails").isNull();
        assertThat(apply("s.int", String.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void caseChangesAsciiLettersOnly() {
        assertThat(apply("s.tolower", "Alice@EXAMPLE.com")).isEqualTo("alice@example.com");
        assertThat(apply("s.toupper", "Alice@example.com")).isEqualTo("ALICE@EXAMPLE.COM");
        assertThat(apply("s.toupper", "straße")).isEqualTo("STRAßE");
        assertThat(apply("s.tolower", 12L)).isEqualTo("12");
    }

    @ParameterizedTest(name = "substr of abcdef at {0} for {1}: \"{2}\"")
    @CsvSource(delimiter = '|', textBlock = """
            0  | 0 | abcdef
            1  | 2 | bc
            2  | 0 | cdef
            4  | 5 | ef
            5  | 1 | f
            -3 | 0 | def
            -3 | 2 | de
            -3 | 3 | def
            -2 | 9 | ef
            -6 | 1 | a
            """)
    void substrAsKamailio(int offset, int length, String expected) {
        assertThat(apply("s.substr," + offset + "," + length, "abcdef")).isEqualTo(expected);
    }

    @Test
    void substrOutsideTheStringFails() {
        assertThat(apply("s.substr,6,1", "abcdef")).isNull();
        assertThat(apply("s.substr,-7,0", "abcdef")).isNull();
        assertThat(apply("s.substr,0,0", "")).isNull();
        assertThat(apply("s.substr,1,2", 12345L)).isEqualTo("23");
    }

    @ParameterizedTest(name = "field {0} of a,b,,d: \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            0  | a
            1  | b
            2  | ''
            3  | d
            4  | ''
            -1 | d
            -2 | ''
            -4 | a
            -5 | ''
            """)
    void selectCommaSeparatedFields(int index, String expected) {
        assertThat(apply("s.select," + index + ",,", "a,b,,d")).isEqualTo(expected);
    }

    @Test
    void selectWithOtherSeparatorsAndEscapes() {
        assertThat(apply("s.select,1,;", "sip:x;transport=tcp;lr")).isEqualTo("transport=tcp");
        assertThat(apply("s.select,1,\\w", "SIP/2.0 180 Ringing")).isEqualTo("180");
        assertThat(apply("s.select,2,\\s", "a\tb\nc")).isEqualTo("c");
        assertThat(apply("s.select,1,\\t", "a\tb")).isEqualTo("b");
        assertThat(apply("s.select,0,@", "no-separator")).isEqualTo("no-separator");
        assertThat(apply("s.select,0,,", "")).isEqualTo("");
        assertThat(apply("s.select,-1,.", 1234L)).isEqualTo("1234");
    }

    @Test
    void stripAndStriptail() {
        assertThat(apply("s.strip,2", "+15551234")).isEqualTo("5551234");
        assertThat(apply("s.striptail,3", "+15551234")).isEqualTo("+15551");
        assertThat(apply("s.strip,0", "abc")).isEqualTo("abc");
        assertThat(apply("s.strip,-2", "abc")).as("negative counts strip nothing").isEqualTo("abc");
        assertThat(apply("s.strip,3", "abc")).isEqualTo("");
        assertThat(apply("s.striptail,10", "abc")).isEqualTo("");
        assertThat(apply("s.strip,1", 123L)).isEqualTo("23");
    }

    @Test
    void unquoteRemovesOneMatchingPair() {
        assertThat(apply("s.unquote", "\"gold\"")).isEqualTo("gold");
        assertThat(apply("s.unquote", "'gold'")).isEqualTo("gold");
        assertThat(apply("s.unquote", "\"gold'")).isEqualTo("\"gold'");
        assertThat(apply("s.unquote", "\"\"")).isEqualTo("");
        assertThat(apply("s.unquote", "\"")).isEqualTo("\"");
        assertThat(apply("s.unquote", "\"\"x\"\"")).isEqualTo("\"x\"");
    }

    @Test
    void uriUserAndHost() {
        assertThat(apply("uri.user", "sip:bob@biloxi.example.com:5070;transport=udp")).isEqualTo("bob");
        assertThat(apply("uri.host", "sip:bob@biloxi.example.com:5070;transport=udp"))
                .isEqualTo("biloxi.example.com");
        assertThat(apply("uri.user", "sips:registrar.example.com")).as("absent user").isEqualTo("");
        assertThat(apply("uri.host", "sip:[2001:db8::1]:5060")).isEqualTo("[2001:db8::1]");
        assertThat(apply("uri.user", "tel:+15551234")).isEqualTo("+15551234");
        assertThat(apply("uri.host", "tel:+15551234")).isEqualTo("");
        assertThat(apply("uri.user", "\"Bob\" <sip:bob@h>")).as("a name-addr is not a URI").isNull();
        assertThat(apply("uri.host", "bob")).isNull();
        assertThat(apply("uri.host", "")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s.len", "s.int", "s.tolower", "s.toupper", "s.unquote", "uri.user", "uri.host",
            "s.strip,1", "s.striptail,1", "s.substr,0,1", "s.select,0,,"})
    void nullFailsEveryTransformation(String spec) {
        assertThat(apply(spec, null)).isNull();
    }

    @Test
    void chainedTransformationsApplyInOrder() throws ScriptConfigException {
        Transformation user = Transformations.compile("uri.user");
        Transformation tail = Transformations.compile("s.substr,-4,0");
        Transformation number = Transformations.compile("s.int");

        assertThat(number.apply(tail.apply(user.apply("sip:+15551234@example.com")))).isEqualTo(1234L);
        assertThat(tail.apply(user.apply("not-a-uri"))).as("a failure passes down the chain").isNull();
    }

    @Test
    void whitespaceAroundNameAndNumbersIsAllowed() {
        assertThat(apply(" s.substr, 1 , 2 ", "abcdef")).isEqualTo("bc");
    }

    @Test
    void unknownTransformationListsTheKnownOnes() {
        assertThatThrownBy(() -> Transformations.compile("s.md5")).isInstanceOf(ScriptConfigException.class)
                .hasMessageContaining("unknown transformation {s.md5}").hasMessageContaining("expected one of")
                .hasMessageContaining("s.substr,offset,length");
        assertThatThrownBy(() -> Transformations.compile("")).hasMessageContaining("unknown transformation");
    }

    @Test
    void wrongParameterCounts() {
        assertThatThrownBy(() -> Transformations.compile("s.substr,1")).isInstanceOf(ScriptConfigException.class)
                .hasMessage("{s.substr,offset,length} expects 2 parameters, found 1");
        assertThatThrownBy(() -> Transformations.compile("s.substr,1,2,3"))
                .hasMessage("{s.substr,offset,length} expects 2 parameters, found 3");
        assertThatThrownBy(() -> Transformations.compile("s.substr"))
                .hasMessage("{s.substr,offset,length} expects 2 parameters, found 0");
        assertThatThrownBy(() -> Transformations.compile("s.strip"))
                .hasMessage("{s.strip,n} expects 1 parameter, found 0");
        assertThatThrownBy(() -> Transformations.compile("s.striptail,1,2"))
                .hasMessage("{s.striptail,n} expects 1 parameter, found 2");
        assertThatThrownBy(() -> Transformations.compile("s.select,1"))
                .hasMessage("{s.select,index,separator} expects 2 parameters, found 1");
        assertThatThrownBy(() -> Transformations.compile("s.len,1"))
                .hasMessage("{s.len} takes no parameters, found '1'");
        assertThatThrownBy(() -> Transformations.compile("uri.user,"))
                .hasMessage("{uri.user} takes no parameters, found ''");
    }

    @Test
    void nonIntegerParameters() {
        assertThatThrownBy(() -> Transformations.compile("s.substr,a,2")).isInstanceOf(ScriptConfigException.class)
                .hasMessage("{s.substr,offset,length}: expected an integer offset, found 'a'");
        assertThatThrownBy(() -> Transformations.compile("s.substr,1,$var(n)"))
                .hasMessage("{s.substr,offset,length}: expected an integer length, found '$var(n)'");
        assertThatThrownBy(() -> Transformations.compile("s.strip,1.5"))
                .hasMessage("{s.strip,n}: expected an integer n, found '1.5'");
        assertThatThrownBy(() -> Transformations.compile("s.select,x,,"))
                .hasMessage("{s.select,index,separator}: expected an integer index, found 'x'");
    }

    @Test
    void badParameterValues() {
        assertThatThrownBy(() -> Transformations.compile("s.substr,1,-1"))
                .hasMessage("{s.substr,offset,length}: expected a length >= 0 (0 = to the end), found -1");
        assertThatThrownBy(() -> Transformations.compile("s.select,1,ab"))
                .hasMessageContaining("expected one separator character").hasMessageContaining("found 'ab'");
        assertThatThrownBy(() -> Transformations.compile("s.select,1,\\q"))
                .hasMessageContaining("expected one separator character");
        assertThatThrownBy(() -> Transformations.compile("s.select,1, "))
                .hasMessageContaining("expected a separator character (\\w for a space)");
    }
}
