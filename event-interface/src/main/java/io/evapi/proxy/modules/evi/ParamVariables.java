package io.evapi.proxy.modules.evi;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.RaisedEvent;

/**
 * {@code $param(name)} and {@code $param(N)} (1-based) in an {@code event_route[E_NAME]}: a parameter of the
 * event the route runs for; {@code $null} when the event has no such parameter, or outside an event route.
 */
final class ParamVariables implements PseudoVariableResolver {

    @Override
    public PseudoVariable resolve(String inner) throws ScriptConfigException {
        String key = inner.strip();
        if (key.isEmpty()) {
            throw new ScriptConfigException("$param needs a name or a position: expected $param(ip) or $param(1)");
        }
        if (key.chars().allMatch(Character::isDigit)) {
            int index;
            try {
                index = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                index = 0;
            }
            if (index < 1) {
                throw new ScriptConfigException("$param(" + key + "): positions start at 1");
            }
            int at = index - 1;
            return ctx -> {
                RaisedEvent e = ctx.get(RouteTransport.EVENT);
                return e == null || at >= e.params().size() ? null : e.params().get(at).value();
            };
        }
        return ctx -> {
            RaisedEvent e = ctx.get(RouteTransport.EVENT);
            EventParam p = e == null ? null : e.param(key);
            return p == null ? null : p.value();
        };
    }
}
