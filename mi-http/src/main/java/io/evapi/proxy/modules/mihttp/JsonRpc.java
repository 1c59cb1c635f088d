package io.evapi.proxy.modules.mihttp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evapi.proxy.spi.mi.MiCommands;
import io.evapi.proxy.spi.mi.MiException;
import java.io.IOException;

/**
 * JSON-RPC 2.0 over the MI command set, as OpenSIPS's mi_http: a request object in, a response object out with
 * keys in the order {@code jsonrpc, result|error, id} and the id echoed with its JSON type; a request without
 * {@code id} is a notification (run, nothing sent back). Transport-neutral: the HTTP side is {@link MiHttpHandler}.
 */
final class JsonRpc {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What to send back: a body, or none for a notification. */
    record Reply(byte[] body, boolean notification) {
    }

    private final MiCommands commands;

    JsonRpc(MiCommands commands) {
        this.commands = commands;
    }

    Reply handle(byte[] request) {
        JsonNode node;
        try {
            node = JSON.readTree(request);
        } catch (JsonProcessingException e) {
            return error(NullNode.instance, MiException.PARSE_ERROR, "Parse error", null);
        } catch (IOException e) {
            return error(NullNode.instance, MiException.PARSE_ERROR, "Parse error", null);
        }
        if (node == null || !node.isObject()) {
            return error(NullNode.instance, MiException.INVALID_REQUEST, "Invalid Request", null);
        }
        boolean notification = !node.has("id");
        JsonNode id = notification ? NullNode.instance : node.get("id");
        if (!id.isTextual() && !id.isNumber() && !id.isNull()) {
            return error(NullNode.instance, MiException.INVALID_REQUEST, "Invalid Request", null);
        }
        JsonNode version = node.get("jsonrpc");
        JsonNode method = node.get("method");
        JsonNode params = node.get("params");
        if (version == null || !"2.0".equals(version.textValue()) || method == null || !method.isTextual()
                || (params != null && !params.isArray() && !params.isObject() && !params.isNull())) {
            return notification ? new Reply(null, true)
                    : error(id, MiException.INVALID_REQUEST, "Invalid Request", null);
        }
        Object args = params == null || params.isNull() ? null : JSON.convertValue(params, Object.class);
        Reply reply;
        try {
            Object result = commands.execute(method.textValue(), args);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("jsonrpc", "2.0");
            out.set("result", JSON.valueToTree(result));
            out.set("id", id);
            reply = new Reply(bytes(out), false);
        } catch (MiException e) {
            reply = error(id, e.code(), e.getMessage(), e.data());
        }
        return notification ? new Reply(null, true) : reply;
    }

    static Reply error(JsonNode id, int code, String message, String data) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("jsonrpc", "2.0");
        ObjectNode error = out.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.put("data", data);
        }
        out.set("id", id);
        return new Reply(bytes(out), false);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
