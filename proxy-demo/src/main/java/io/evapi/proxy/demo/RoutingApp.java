package io.evapi.proxy.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evapi.core.client.EvapiClient;
import io.evapi.proxy.demo.RoutingTable.Decision;
import io.evapi.proxy.demo.RoutingTable.Forward;
import io.evapi.proxy.demo.RoutingTable.Reject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outside application of the demo: it connects to the proxy's evapi socket, and for every suspended call
 * ({@code {"index":..,"label":..,"callee":..,"caller":..,"callid":..}}) looks the callee up in a
 * {@link RoutingTable} and answers with the same ids and its decision:
 * {@code {"index":..,"label":..,"action":"forward","uri":".."}} or
 * {@code {"index":..,"label":..,"action":"reject","code":486,"reason":"Busy Here"}}.
 * Any other event is logged, one line each. Decisions are made on the client's I/O thread: a table lookup.
 */
public final class RoutingApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingApp.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Told of every call the app decided; runs on the app's I/O thread, so it must be quick. */
    public interface Listener {
        void decided(String callId, String index, String label, Decision decision);
    }

    private final RoutingTable table;
    private final Listener listener;
    private final EvapiClient client;
    private final AtomicLong decided = new AtomicLong();
    private final AtomicLong plainEvents = new AtomicLong();
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();

    public RoutingApp(String host, int port, RoutingTable table, Listener listener) {
        this.table = requireNonNull(table, "table");
        this.listener = requireNonNull(listener, "listener");
        this.client = EvapiClient.builder(host, port)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .onFrame(this::onEvent)
                .onConnected(() -> LOG.info("routing app connected to evapi {}:{}", host, port))
                .onDisconnected(() -> LOG.info("routing app lost evapi {}:{}, reconnecting", host, port))
                .build();
    }

    /**
     * Connects; completes when the proxy has greeted the app with a {@code welcome} event (demo.cfg sends one
     * from {@code event_route[evapi:connection-new]}): from then on the proxy sends calls to the app. A TCP
     * connection alone is not enough: the proxy registers a client only after that route ran. Fails if the
     * first connection attempt fails (the client keeps retrying in the background).
     */
    public CompletableFuture<Void> start() {
        return client.connect().thenCompose(connected -> welcomed);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Calls decided so far. */
    public long decided() {
        return decided.get();
    }

    /** Events received that were not calls to decide. */
    public long plainEvents() {
        return plainEvents.get();
    }

    private void onEvent(String frame) {
        JsonNode event;
        try {
            event = JSON.readTree(frame);
        } catch (Exception e) {
            plainEvents.incrementAndGet();
            LOG.info("routing app: event that is not JSON: {}", frame);
            return;
        }
        if (event == null || !event.isObject() || !event.hasNonNull("index") || !event.hasNonNull("label")) {
            plainEvents.incrementAndGet();
            LOG.info("routing app: event {}", frame);
            if (event != null && "welcome".equals(event.path("event").asText())) {
                welcomed.complete(null);
            }
            return;
        }
        String callee = event.path("callee").asText("");
        Decision decision = table.lookup(callee);
        ObjectNode answer = JSON.createObjectNode();
        answer.set("index", event.get("index"));
        answer.set("label", event.get("label"));
        if (decision instanceof Forward f) {
            answer.put("action", "forward").put("uri", f.uri());
        } else if (decision instanceof Reject r) {
            answer.put("action", "reject").put("code", r.code()).put("reason", r.reason());
        }
        String callId = event.path("callid").asText("");
        String index = event.get("index").asText();
        String label = event.get("label").asText();
        decided.incrementAndGet();
        LOG.debug("routing app: call {} from {} to {} ({}:{}): {}", callId, event.path("caller").asText(""),
                callee, index, label, decision);
        listener.decided(callId, index, label, decision); // before the answer, so it is known when the call ends
        client.send(answer.toString()).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("routing app: cannot answer for call {} ({}:{}): {}", callId, index, label,
                        error.toString());
            }
        });
    }

    @Override
    public void close() {
        client.close();
    }
}
