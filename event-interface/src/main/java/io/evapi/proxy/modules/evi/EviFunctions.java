package io.evapi.proxy.modules.evi;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.MultiValuedVariable;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.PublishedEvent;
import io.evapi.proxy.spi.event.SubscribeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSIPS's core script functions of the Events Interface: {@code raise_event(event[, attrs, vals])} with the
 * 3.x semantics and {@code subscribe_event(event, socket[, expire])}. The event name is a constant, published
 * when the config loads, as OpenSIPS's fixup does.
 */
final class EviFunctions {
    private static final Logger LOG = LoggerFactory.getLogger(EviFunctions.class);

    private final EventRegistry events;

    EviFunctions(EventRegistry events) {
        this.events = events;
    }

    ScriptFunction function(String name) {
        return switch (name) {
            case "raise_event" -> this::bindRaise;
            case "subscribe_event" -> this::bindSubscribe;
            default -> null;
        };
    }

    private PublishedEvent eventName(String function, Argument arg) throws ScriptConfigException {
        Optional<Object> constant = arg.constant();
        if (constant.isEmpty() || !(constant.get() instanceof String name)) {
            throw new ScriptConfigException(function + ": the event name must be a constant string, such as"
                    + " \"E_MY_EVENT\"");
        }
        try {
            return events.publish(name);
        } catch (IllegalArgumentException e) {
            throw new ScriptConfigException(function + ": " + e.getMessage());
        }
    }

    /** An AVP argument, or null for an empty one; anything else is a config error. */
    private static MultiValuedVariable avp(String what, Argument arg, boolean mayBeEmpty) throws ScriptConfigException {
        Optional<PseudoVariable> target = arg.target();
        if (target.isPresent() && target.get() instanceof MultiValuedVariable mv) {
            return mv;
        }
        if (mayBeEmpty && target.isEmpty() && arg.constant().isEmpty()) {
            return null; // empty argument (or $null): unnamed parameters, checked again when it runs
        }
        throw new ScriptConfigException("raise_event: the " + what + " must be an AVP such as $avp(" + what
                + ")" + (mayBeEmpty ? ", or left empty: raise_event(\"E\", , $avp(vals))" : ""));
    }

    private ScriptFunction.BoundCall bindRaise(io.evapi.proxy.spi.CallSite site) throws ScriptConfigException {
        List<Argument> args = site.arguments();
        PublishedEvent event = eventName("raise_event", args.get(0));
        if (args.size() == 1) {
            return ctx -> events.raise(event, List.of()) == 0 ? 1 : -1;
        }
        Argument attrsArg = args.get(1);
        MultiValuedVariable attrs = avp("attrs", attrsArg, args.size() == 3);
        if (args.size() == 2) {
            // 3.x: without vals there are no params, even with attrs (2.x read this one AVP as the values)
            return ctx -> events.raise(event, List.of()) == 0 ? 1 : -1;
        }
        MultiValuedVariable vals = avp("vals", args.get(2), false);
        String where = site.position();
        return ctx -> {
            if (!events.hasSubscribers(event)) {
                return 1;
            }
            List<EventParam> params = params(ctx, attrs, attrsArg, vals, event, where);
            if (params == null) {
                return -1;
            }
            return events.raise(event, params) == 0 ? 1 : -1;
        };
    }

    private static List<EventParam> params(ScriptContext ctx, MultiValuedVariable attrs, Argument attrsArg,
            MultiValuedVariable vals, PublishedEvent event, String where) {
        List<Object> values = vals.values(ctx);
        List<Object> names = null;
        if (attrs != null) {
            names = attrs.values(ctx);
        } else if (attrsArg.value(ctx) != null) {
            LOG.error("{}: raise_event({}): the attrs argument must be an AVP or empty", where, event.name());
            return null;
        }
        if (names != null && names.size() < values.size()) {
            LOG.error("{}: raise_event({}): {} values but only {} attribute names", where, event.name(),
                    values.size(), names.size());
            return null;
        }
        if (names != null && names.size() > values.size()) {
            LOG.debug("{}: raise_event({}): {} attribute names for {} values, the rest unused", where,
                    event.name(), names.size(), values.size());
        }
        List<EventParam> params = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String name = null;
            if (names != null) {
                if (!(names.get(i) instanceof String n)) {
                    LOG.error("{}: raise_event({}): attribute name {} is not a string", where, event.name(),
                            names.get(i));
                    return null;
                }
                name = n;
            }
            params.add(new EventParam(name, values.get(i)));
        }
        return params;
    }

    private ScriptFunction.BoundCall bindSubscribe(io.evapi.proxy.spi.CallSite site) throws ScriptConfigException {
        List<Argument> args = site.arguments();
        PublishedEvent event = eventName("subscribe_event", args.get(0));
        Argument socket = args.get(1);
        Argument expire = args.size() > 2 ? args.get(2) : null;
        String where = site.position();
        return ctx -> {
            long seconds = expire == null ? 0 : expire.asLong(ctx);
            String sock = socket.asString(ctx);
            if (seconds < 0) {
                LOG.error("{}: subscribe_event({}, {}): negative expire {}", where, event.name(), sock, seconds);
                return -1;
            }
            try {
                events.subscribe(event.name(), sock, seconds, false);
                return 1;
            } catch (SubscribeException e) {
                LOG.error("{}: subscribe_event({}, {}): {}", where, event.name(), sock, e.getMessage());
                return -1;
            }
        };
    }
}
