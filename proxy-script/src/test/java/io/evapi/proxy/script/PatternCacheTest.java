package io.evapi.proxy.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.spi.ScriptRuntimeException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code =~} with a pattern from data compiles each distinct pattern once, and keeps a bounded number. */
class PatternCacheTest {

    @Test
    void aPatternIsCompiledOnceAndTheCacheStaysBounded() {
        AtomicInteger compiled = new AtomicInteger();
        PatternCache cache = new PatternCache(re -> {
            compiled.incrementAndGet();
            return Pattern.compile(re);
        });
        Pattern first = cache.get("^[0-9]+$");
        for (int i = 0; i < 1000; i++) {
            assertThat(cache.get("^[0-9]+$")).isSameAs(first);
        }
        assertThat(compiled).hasValue(1);
        for (int i = 0; i < 10_000; i++) {
            cache.get("^user" + i + "$");
            assertThat(cache.size()).isLessThanOrEqualTo(PatternCache.CAPACITY);
        }
    }

    @Test
    void aBadPatternFromDataIsARunTimeErrorAndIsNotKept() {
        PatternCache cache = new PatternCache(Expressions.Match::compile);
        assertThatThrownBy(() -> cache.get("(unclosed")).isInstanceOf(ScriptRuntimeException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aRouteMatchingAgainstAVariableGivesTheSameAnswersAsBefore() throws Exception {
        CompiledConfig config = Scripts.load("""
                loadmodule "pv.so"
                loadmodule "testmod"
                request_route {
                    $var(re) = "^b[a-z]+$";
                    if ($rU =~ $var(re)) { return(1); }
                    return(2);
                }
                """);
        for (int i = 0; i < 3; i++) {
            assertThat(Scripts.run(config).returnCode()).isEqualTo(1);
        }
    }
}
