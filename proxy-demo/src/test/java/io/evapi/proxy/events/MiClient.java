package io.evapi.proxy.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A JSON-RPC client over HTTP, sending what opensips-cli sends (string ids, json.dumps separators). */
final class MiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final AtomicInteger ids = new AtomicInteger(18863);

    MiClient(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/mi");
    }

    URI uri() {
        return uri;
    }

    /** A status and a body. */
    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        JsonNode result() {
            return json().get("result");
        }

        JsonNode error() {
            return json().get("error");
        }
    }

    /** {@code {"jsonrpc": "2.0", "id": "N", "method": M, "params": P}} with P given as JSON text. */
    Reply call(String method, String paramsJson) {
        String id = Integer.toString(ids.incrementAndGet());
        return post("{\"jsonrpc\": \"2.0\", \"id\": \"" + id + "\", \"method\": \"" + method + "\""
                + (paramsJson == null ? "" : ", \"params\": " + paramsJson) + "}");
    }

    Reply post(String body) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }
}
