package io.evapi.proxy.modules.evapi;

import io.evapi.core.server.EvapiConnection;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.PublishedEvent;
import io.evapi.proxy.spi.mi.MiCommand;
import io.evapi.proxy.spi.mi.MiCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the evapi module offers the OpenSIPS side of this proxy, through the SPI services when the host has them:
 * the events {@value #CONNECTED} and {@value #DISCONNECTED} (params {@code conidx}, {@code address},
 * {@code port}, {@code tag}) and the MI command {@code evapi:clients}.
 */
final class EvapiEvents {
    static final String CONNECTED = "E_EVAPI_CONNECTION_NEW";
    static final String DISCONNECTED = "E_EVAPI_CONNECTION_CLOSED";

    private final EventInterface evi;
    private final PublishedEvent connected;
    private final PublishedEvent disconnected;

    private EvapiEvents(EventInterface evi) {
        this.evi = evi;
        this.connected = evi.publish(CONNECTED);
        this.disconnected = evi.publish(DISCONNECTED);
    }

    static void attach(ScriptHost host, EvapiDispatcher dispatcher) {
        host.service(EventInterface.class).ifPresent(evi -> dispatcher.events(new EvapiEvents(evi)));
        host.service(MiCommands.class).ifPresent(mi -> mi.register(MiCommand.noParams("evapi:clients",
                p -> clients(dispatcher))));
    }

    void connected(EvapiConnection c) {
        raise(connected, c);
    }

    void disconnected(EvapiConnection c) {
        raise(disconnected, c);
    }

    private void raise(PublishedEvent event, EvapiConnection c) {
        if (!evi.hasSubscribers(event)) {
            return;
        }
        evi.raise(event, List.of(EventParam.of("conidx", c.conidx()), EventParam.of("address", c.remoteAddress()),
                EventParam.of("port", c.remotePort()), EventParam.of("tag", c.tag())));
    }

    /** {@code {"Clients":[{"conidx":0,"address":..,"port":..,"tag":..,"pending_bytes":..,"drops":..}]}}. */
    private static Object clients(EvapiDispatcher dispatcher) {
        List<Object> list = new ArrayList<>();
        dispatcher.server().ifPresent(s -> {
            for (EvapiConnection c : s.connections()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("conidx", (long) c.conidx());
                m.put("address", c.remoteAddress());
                m.put("port", (long) c.remotePort());
                m.put("tag", c.tag());
                m.put("pending_bytes", c.pendingBytes());
                m.put("drops", c.droppedEvents());
                list.add(m);
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Clients", list);
        return out;
    }
}
