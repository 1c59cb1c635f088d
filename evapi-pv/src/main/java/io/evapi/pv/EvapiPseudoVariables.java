package io.evapi.pv;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import java.util.function.Function;

/**
 * {@code $evapi(srcaddr|srcport|msg|conidx)}. Outside an evapi event every key is {@code $null}. As in
 * Kamailio, assigning to them is accepted and ignored.
 */
public final class EvapiPseudoVariables implements PseudoVariableResolver {

    /** The pseudo-variable class name, as in {@code $evapi(msg)}. */
    public static final String CLASS_NAME = "evapi";

    @Override
    public PseudoVariable resolve(String key) throws ScriptConfigException {
        return switch (key == null ? "" : key) {
            case "srcaddr" -> new Field(EvapiEvent::sourceAddress);
            case "srcport" -> new Field(e -> (long) e.sourcePort());
            case "msg" -> new Field(EvapiEvent::message);
            case "conidx" -> new Field(e -> (long) e.conidx());
            default -> throw new ScriptConfigException(
                    "unknown key '" + key + "' in $evapi(...): expected srcaddr, srcport, msg or conidx");
        };
    }

    private static final class Field implements PseudoVariable {
        private final Function<EvapiEvent, Object> getter;

        Field(Function<EvapiEvent, Object> getter) {
            this.getter = getter;
        }

        @Override
        public Object get(ScriptContext context) {
            EvapiEvent event = context.get(EvapiEvent.KEY);
            return event == null ? null : getter.apply(event);
        }

        @Override
        public boolean assignable() {
            return true;
        }

        @Override
        public void set(ScriptContext context, Object value) {
            // Kamailio accepts the assignment and ignores it; configs written for it may contain one.
        }
    }
}
