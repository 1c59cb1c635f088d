package io.evapi.pv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.spi.ContextKey;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvapiPseudoVariablesTest {
    private final EvapiPseudoVariables resolver = new EvapiPseudoVariables();

    @Test
    void readsTheCurrentEvent() throws Exception {
        Context ctx = new Context();
        ctx.put(EvapiEvent.KEY, new EvapiEvent(3, "127.0.0.2", 40123, "{\"x\":1}"));
        assertThat(value("srcaddr", ctx)).isEqualTo("127.0.0.2");
        assertThat(value("srcport", ctx)).isEqualTo(40123L);
        assertThat(value("msg", ctx)).isEqualTo("{\"x\":1}");
        assertThat(value("conidx", ctx)).isEqualTo(3L);
    }

    @Test
    void msgIsNullInConnectionEventsAndAllAreNullOutsideEvents() throws Exception {
        Context connection = new Context();
        connection.put(EvapiEvent.KEY, new EvapiEvent(0, "::1", 5000, null));
        assertThat(value("msg", connection)).isNull();
        assertThat(value("conidx", connection)).isEqualTo(0L);

        Context sip = new Context();
        for (String key : new String[] {"srcaddr", "srcport", "msg", "conidx"}) {
            assertThat(value(key, sip)).as(key).isNull();
        }
    }

    @Test
    void assignmentIsAcceptedAndIgnored() throws Exception {
        Context ctx = new Context();
        ctx.put(EvapiEvent.KEY, new EvapiEvent(1, "127.0.0.1", 1, "m"));
        PseudoVariable msg = resolver.resolve("msg");
        assertThat(msg.assignable()).isTrue();
        msg.set(ctx, "changed");
        assertThat(msg.get(ctx)).isEqualTo("m");
    }

    @Test
    void unknownKeyIsAConfigError() {
        assertThatThrownBy(() -> resolver.resolve("source"))
                .isInstanceOf(ScriptConfigException.class)
                .hasMessageContaining("'source'").hasMessageContaining("srcaddr, srcport, msg or conidx");
        assertThatThrownBy(() -> resolver.resolve(null)).isInstanceOf(ScriptConfigException.class);
    }

    @Test
    void eventRejectsNegativeIndex() {
        assertThatThrownBy(() -> new EvapiEvent(-1, "127.0.0.1", 1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private Object value(String key, ScriptContext ctx) throws Exception {
        return resolver.resolve(key).get(ctx);
    }

    private static final class Context implements ScriptContext {
        private final Map<ContextKey<?>, Object> data = new IdentityHashMap<>();

        @Override
        public RouteType routeType() {
            return RouteType.EVENT;
        }

        @Override
        public String routeName() {
            return "evapi:message-received";
        }

        @Override
        public <T> T get(ContextKey<T> key) {
            return key.cast(data.get(key));
        }

        @Override
        public <T> void put(ContextKey<T> key, T value) {
            data.put(key, value);
        }
    }
}
