package io.evapi.proxy.modules.mihttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.proxy.spi.mi.MiCommands;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target of the MI's JSON-RPC handler over the real core command set: any request body gets either no
 * body (a notification) or one JSON-RPC response object, {@code jsonrpc} first and {@code id} last, with a
 * result or an error; nothing escapes. {@code scripts/fuzz} runs it; CI replays the saved inputs.
 */
class JsonRpcFuzzTest {
    private static final JsonRpc RPC = new JsonRpc(commands());

    private static MiCommands commands() {
        try {
            return ConfigLoader.load("loadmodule \"httpd.so\"\nloadmodule \"mi_http.so\"\n", "fuzz-mi.cfg", null)
                    .service(MiCommands.class).orElseThrow();
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyBodyGetsOneWellFormedAnswer(byte[] body) throws IOException {
        JsonRpc.Reply reply = RPC.handle(body);
        if (reply.notification()) {
            assertNull(reply.body());
            return;
        }
        assertNotNull(reply.body());
        JsonNode answer = JsonRpc.JSON.readTree(reply.body());
        List<String> keys = new ArrayList<>();
        answer.fieldNames().forEachRemaining(keys::add);
        assertEquals(3, keys.size(), () -> "keys " + keys);
        assertEquals("jsonrpc", keys.get(0));
        assertEquals("id", keys.get(2));
        assertTrue(keys.get(1).equals("result") || keys.get(1).equals("error"), () -> "keys " + keys);
        if (answer.has("error")) {
            assertTrue(answer.get("error").get("code").isInt(), () -> "error " + answer);
            assertTrue(answer.get("error").get("message").isTextual(), () -> "error " + answer);
        }
    }
}
