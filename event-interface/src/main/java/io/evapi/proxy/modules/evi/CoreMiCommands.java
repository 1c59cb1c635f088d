package io.evapi.proxy.modules.evi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.PublishedEvent;
import io.evapi.proxy.spi.event.SubscribeException;
import io.evapi.proxy.spi.mi.MiCommand;
import io.evapi.proxy.spi.mi.MiException;
import io.evapi.proxy.spi.mi.MiParams;
import io.evapi.proxy.spi.sip.TransactionControl;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MI commands of OpenSIPS's core that this proxy has: {@code which}, {@code version}, {@code uptime}, the
 * Events Interface commands ({@code event_subscribe}, {@code events_list}, {@code subscribers_list},
 * {@code raise_event}) with their 4.x names ({@code evi:subscribe}, {@code evi:list}, {@code evi:subscribers},
 * {@code evi:raise}), and {@code tm:suspended} on a SIP host. Shapes, codes and texts follow OpenSIPS 3.x.
 */
final class CoreMiCommands {
    /** OpenSIPS's {@code DEFAULT_EXPIRE} for MI subscriptions. */
    static final long DEFAULT_EXPIRE = 3600;
    /** What {@code version} reports: OpenSIPS's form, which opensips-cli parses, naming this proxy. */
    static final String SERVER = "OpenSIPS (3.6.0 (evapi-proxy " + version() + "))";
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.ROOT);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventRegistry events;
    private final MiRegistry mi;
    private final long startedMillis = System.currentTimeMillis();

    CoreMiCommands(EventRegistry events, MiRegistry mi) {
        this.events = events;
        this.mi = mi;
    }

    private static String version() {
        String v = CoreMiCommands.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    void register(TransactionControl tm) {
        mi.register(new MiCommand("which", List.of(List.of(), List.of("command")), this::which));
        mi.register(MiCommand.noParams("version", p -> map("Server", SERVER)));
        mi.register(MiCommand.noParams("uptime", p -> uptime()));
        MiCommand subscribe = new MiCommand("event_subscribe", List.of(List.of("event", "socket"),
                List.of("event", "socket", "expire")), this::subscribe);
        MiCommand list = MiCommand.noParams("events_list", p -> eventsList());
        MiCommand subscribers = new MiCommand("subscribers_list", List.of(List.of(), List.of("event"),
                List.of("event", "socket")), this::subscribersList);
        MiCommand raise = new MiCommand("raise_event", List.of(List.of("event"), List.of("event", "params")),
                this::raise);
        for (MiCommand c : List.of(subscribe, list, subscribers, raise)) {
            mi.register(c);
        }
        mi.register(subscribe.alias("evi:subscribe"));
        mi.register(list.alias("evi:list"));
        mi.register(subscribers.alias("evi:subscribers"));
        mi.register(raise.alias("evi:raise"));
        if (tm != null) {
            mi.register(MiCommand.noParams("tm:suspended", p -> suspended(tm)));
        }
    }

    /** Without a parameter, every command name (opensips-cli checks its command is there); with one, its recipes. */
    private Object which(MiParams p) throws MiException {
        if (!p.has("command")) {
            return mi.names();
        }
        return mi.find(p.string("command")).map(c -> (Object) c.recipes())
                .orElseThrow(() -> new MiException(404, "Unknown command"));
    }

    private Object uptime() {
        long now = System.currentTimeMillis();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Now", ctime(now));
        m.put("Up since", ctime(startedMillis));
        m.put("Up time", (now - startedMillis) / 1000 + " [sec]");
        return m;
    }

    private static String ctime(long millis) {
        return CTIME.format(Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()));
    }

    private Object subscribe(MiParams p) throws MiException {
        String event = p.string("event");
        String socket = p.string("socket");
        if (event.isEmpty() || socket.isEmpty()) {
            throw MiException.serverError("Failed to handle parameter");
        }
        long expire = p.has("expire") ? p.integer("expire") : DEFAULT_EXPIRE;
        if (expire < 0) {
            throw MiException.invalidParams("Negative expire value");
        }
        try {
            events.subscribe(event, socket, expire, true);
        } catch (SubscribeException e) {
            throw switch (e.reason()) {
                case TOO_MANY_SUBSCRIBERS -> new MiException(503, "Too many subscribers", e.getMessage());
                default -> new MiException(400, "Bad parameter value");
            };
        }
        return "OK";
    }

    private Object eventsList() {
        List<Object> list = new ArrayList<>();
        for (EventRegistry.Entry e : events.entries()) {
            list.add(event(e.event));
        }
        return map("Events", list);
    }

    private Object subscribersList(MiParams p) throws MiException {
        long now = events.now();
        if (!p.has("event")) {
            List<Object> list = new ArrayList<>();
            for (EventRegistry.Entry e : events.entries()) {
                Subscriber[] subs = events.purge(e, now);
                if (subs.length > 0) {
                    list.add(withSubscribers(e.event, subs, now));
                }
            }
            return map("Events", list);
        }
        String name = p.string("event");
        EventRegistry.Entry e = events.find(name).map(events::entry)
                .orElseThrow(() -> new MiException(404, "Event not published"));
        if (!p.has("socket")) {
            Subscriber[] subs = events.purge(e, now);
            return map("Event", subs.length == 0 ? Map.of() : withSubscribers(e.event, subs, now));
        }
        Subscriber s;
        try {
            s = events.findSubscriber(e, p.string("socket"));
        } catch (SubscribeException ex) {
            throw new MiException(400, "Bad parameter value");
        }
        if (s == null) {
            throw new MiException(404, "Subscriber does not exist");
        }
        Map<String, Object> ev = event(e.event);
        ev.put("Subscriber", subscriber(s, now));
        return map("Event", ev);
    }

    private static Map<String, Object> withSubscribers(PublishedEvent event, Subscriber[] subs, long now) {
        Map<String, Object> ev = event(event);
        List<Object> list = new ArrayList<>(subs.length);
        for (Subscriber s : subs) {
            list.add(subscriber(s, now));
        }
        ev.put("Subscribers", list);
        return ev;
    }

    private static Map<String, Object> event(PublishedEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("id", (long) e.id());
        return m;
    }

    /** {@code {"socket":..,"expire":60,"ttl":57}}, {@code "ttl":"expired"}, or {@code "expire":"never"}. */
    static Map<String, Object> subscriber(Subscriber s, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("socket", s.printed);
        if (!s.expires()) {
            m.put("expire", "never");
            return m;
        }
        long expire = s.expire();
        m.put("expire", expire);
        long ttl = expire - (now - s.subscribedAt());
        m.put("ttl", ttl > 0 ? (Object) ttl : "expired");
        return m;
    }

    private Object raise(MiParams p) throws MiException {
        String name = p.string("event");
        PublishedEvent event = events.find(name).orElseThrow(() -> new MiException(404, "Event not registered"));
        if (!events.hasSubscribers(event)) {
            throw new MiException(480, "Temporarily Unavailable");
        }
        List<EventParam> params = p.has("params") ? params(p.get("params")) : List.of();
        events.raise(event, params);
        return "OK";
    }

    /**
     * OpenSIPS's rules: an array gives unnamed string parameters; a string must hold a JSON object, whose numbers
     * become integers (truncated), strings stay strings, and anything else its compact JSON text.
     */
    static List<EventParam> params(Object value) throws MiException {
        if (value instanceof List<?> list) {
            List<EventParam> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(EventParam.unnamed(s));
                } else if (o instanceof Number n) {
                    out.add(EventParam.unnamed(numberText(n)));
                } else {
                    throw new MiException(400, "Bad Params");
                }
            }
            return out;
        }
        if (value instanceof String s) {
            JsonNode tree;
            try {
                tree = JSON.readTree(s);
            } catch (JsonProcessingException e) {
                throw new MiException(400, "Bad Params");
            }
            if (tree == null || !tree.isObject()) {
                throw new MiException(400, "Bad Params");
            }
            List<EventParam> out = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode v = f.getValue();
                if (v.isNumber()) {
                    out.add(EventParam.of(f.getKey(), v.asLong()));
                } else if (v.isTextual()) {
                    out.add(EventParam.of(f.getKey(), v.textValue()));
                } else {
                    out.add(EventParam.of(f.getKey(), v.toString()));
                }
            }
            return out;
        }
        throw new MiException(400, "No Params");
    }

    private static String numberText(Number n) {
        if (n instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return n.toString();
    }

    private static Object suspended(TransactionControl tm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", (long) tm.suspendedCount());
        var oldest = tm.oldestSuspensionAgeMillis();
        m.put("oldest_age_ms", oldest.isPresent() ? (Object) oldest.getAsLong() : null);
        return m;
    }

    static Map<String, Object> map(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }
}
