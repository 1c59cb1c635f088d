package io.evapi.proxy.modules.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Parsing and Kamailio's mapping of JSON values to script values, shared by the jansson and json modules. */
final class JsonValues {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonValues() {
    }

    /** The parsed document, or {@code null} when the text is not JSON. */
    static JsonNode parse(String text) {
        try {
            JsonNode root = MAPPER.readTree(text);
            return root == null || root.isMissingNode() ? null : root;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Strings unquoted, integers as integers, reals as text, true/false as 1/0, null as $null, objects and
     * arrays as compact JSON.
     */
    static Object toScriptValue(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.asText();
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? 1L : 0L;
        }
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asText();
        }
        return node.toString();
    }
}
