package io.evapi.proxy.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Callee user to decision, read from JSON: {@code "alice": "sip:127.0.0.1:5090"} forwards,
 * {@code "carol": {"reject": 486, "reason": "Busy Here"}} rejects; a user not in the table gets 404.
 */
public final class RoutingTable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the application tells the proxy to do with one call. */
    public sealed interface Decision {
    }

    public record Forward(String uri) implements Decision {
        public Forward {
            requireNonNull(uri, "uri");
            if (!uri.startsWith("sip:")) {
                throw new IllegalArgumentException("not a sip: URI: " + uri);
            }
        }
    }

    public record Reject(int code, String reason) implements Decision {
        public Reject {
            requireNonNull(reason, "reason");
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("a reject needs a final error code 300-699, not " + code);
            }
        }
    }

    static final Reject UNKNOWN_USER = new Reject(404, "Not Found");

    private final Map<String, Decision> routes;

    private RoutingTable(Map<String, Decision> routes) {
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    /** Parses a table; a malformed entry is an {@link IllegalArgumentException} naming it. */
    public static RoutingTable parse(String json, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(name + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(name + ": expected an object of user -> destination");
        }
        Map<String, Decision> routes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            try {
                routes.put(e.getKey(), decision(e.getValue()));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(name + ": user '" + e.getKey() + "': " + bad.getMessage(), bad);
            }
        }
        return new RoutingTable(routes);
    }

    private static Decision decision(JsonNode value) {
        if (value.isTextual()) {
            return new Forward(value.asText());
        }
        if (value.isObject() && value.path("reject").isInt()) {
            return new Reject(value.get("reject").asInt(), value.path("reason").asText("Rejected"));
        }
        throw new IllegalArgumentException("expected a sip: URI or {\"reject\": CODE, \"reason\": TEXT}, found "
                + value);
    }

    /** The decision for calls to {@code user}; 404 for a user the table does not know. */
    public Decision lookup(String user) {
        return routes.getOrDefault(user, UNKNOWN_USER);
    }

    /** The users in table order. */
    public Set<String> users() {
        return new LinkedHashSet<>(routes.keySet());
    }

    /** A user whose decision is of the given type, or null. */
    String firstUser(Class<? extends Decision> type) {
        return routes.entrySet().stream().filter(e -> type.isInstance(e.getValue())).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
