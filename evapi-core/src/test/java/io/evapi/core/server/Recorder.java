package io.evapi.core.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records every listener call per connection id, in the order the server made them. */
final class Recorder implements EvapiListener {
    final Map<Long, List<String>> byConnection = new ConcurrentHashMap<>();
    final List<EvapiConnection> opened = Collections.synchronizedList(new ArrayList<>());
    final List<EvapiConnection> closed = Collections.synchronizedList(new ArrayList<>());

    private List<String> events(EvapiConnection c) {
        return byConnection.computeIfAbsent(c.id(), id -> Collections.synchronizedList(new ArrayList<>()));
    }

    @Override
    public void onConnectionNew(EvapiConnection c) {
        events(c).add("new");
        opened.add(c);
    }

    @Override
    public void onMessage(EvapiConnection c, String message) {
        events(c).add(message);
    }

    @Override
    public void onConnectionClosed(EvapiConnection c) {
        events(c).add("closed");
        closed.add(c);
    }

    List<String> eventsOf(long id) {
        List<String> list = byConnection.getOrDefault(id, List.of());
        synchronized (list) {
            return List.copyOf(list);
        }
    }
}
