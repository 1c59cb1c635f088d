package io.evapi.proxy.pv;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptConfigException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScriptVariablesTest {
    private final CorePseudoVariables core = new CorePseudoVariables();

    private PseudoVariable pv(String name, String inner) throws ScriptConfigException {
        return core.resolve(name, inner).orElseThrow();
    }

    @Test
    void varReadsZeroUntilSetAndNullSetsItBackToZero() throws Exception {
        PseudoVariable x = pv("var", "x");
        TestContext ctx = new TestContext();

        assertThat(x.get(ctx)).isEqualTo(0L);
        x.set(ctx, "hello");
        assertThat(x.get(ctx)).isEqualTo("hello");
        x.set(ctx, 42L);
        assertThat(x.get(ctx)).isEqualTo(42L);
        x.set(ctx, null);
        assertThat(x.get(ctx)).isEqualTo(0L);
    }

    @Test
    void varNeedsNoMessageAndOutlivesTheRunOnItsThread() throws Exception {
        pv("var", "count").set(new TestContext(), 7L);

        assertThat(pv("var", "count").get(new TestContext())).as("same name, later run, same thread")
                .isEqualTo(7L);
        assertThat(pv("var", "other").get(new TestContext())).isEqualTo(0L);
    }

    @Test
    void varIsPerThread() throws Exception {
        PseudoVariable x = pv("var", "x");
        CountDownLatch bothSet = new CountDownLatch(2);
        CompletableFuture<Object> a = CompletableFuture.supplyAsync(() -> setAwaitRead(x, "from-a", bothSet));
        CompletableFuture<Object> b = CompletableFuture.supplyAsync(() -> setAwaitRead(x, "from-b", bothSet));

        assertThat(a.get(20, TimeUnit.SECONDS)).isEqualTo("from-a");
        assertThat(b.get(20, TimeUnit.SECONDS)).isEqualTo("from-b");
        assertThat(x.get(new TestContext())).as("this thread never set it").isEqualTo(0L);
    }

    private static Object setAwaitRead(PseudoVariable x, String value, CountDownLatch bothSet) {
        x.set(new TestContext(), value);
        bothSet.countDown();
        try {
            // both threads have written before either reads: a shared slot would show the other's value
            if (!bothSet.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("other thread never set its value");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return x.get(new TestContext());
    }

    @Test
    void configsDoNotShareVars() throws Exception {
        pv("var", "shared").set(new TestContext(), "one");

        assertThat(new CorePseudoVariables().resolve("var", "shared").orElseThrow().get(new TestContext()))
                .isEqualTo(0L);
    }

    @Test
    void avpIsPerRunContextAndStacksValues() throws Exception {
        PseudoVariable avp = pv("avp", "dest");
        TestContext run = new TestContext();

        assertThat(avp.get(run)).isNull();
        assertThat(run.get(AvpStore.KEY)).as("reading creates no store").isNull();
        avp.set(run, "first");
        avp.set(run, 2L);
        assertThat(avp.get(run)).isEqualTo(2L);
        assertThat(run.get(AvpStore.KEY).count("dest")).isEqualTo(2);
        assertThat(avp.get(new TestContext())).as("another transaction").isNull();

        avp.set(run, null);
        assertThat(avp.get(run)).as("$null removes the newest value").isEqualTo("first");
        avp.set(run, null);
        assertThat(avp.get(run)).isNull();
        avp.set(run, null);
        assertThat(avp.get(run)).isNull();
    }

    @Test
    void avpStoreTravelsWithTheContextKey() throws Exception {
        TestContext suspended = new TestContext();
        pv("avp", "s:caller").set(suspended, "alice");

        TestContext resumed = new TestContext();
        resumed.put(AvpStore.KEY, suspended.get(AvpStore.KEY));

        assertThat(pv("avp", "s:caller").get(resumed)).isEqualTo("alice");
    }
}
