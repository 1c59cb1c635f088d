package io.evapi.proxy.modules.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A jansson-style path such as {@code a.b[0].c}: object keys separated by dots, array indexes in brackets.
 * Parsed once; {@link #find} walks a tree without allocating.
 */
final class JsonPath {
    private final Object[] steps; // String key or Integer index

    private JsonPath(Object[] steps) {
        this.steps = steps;
    }

    static JsonPath parse(String path) {
        List<Object> steps = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                addKey(steps, key, path, i);
                i++;
            } else if (c == '[') {
                if (key.length() > 0) {
                    steps.add(key.toString());
                    key.setLength(0);
                }
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("missing ']' in path '" + path + "' at " + i);
                }
                steps.add(parseIndex(path, i + 1, close));
                i = close + 1;
                if (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    throw new IllegalArgumentException("expected '.' or '[' after ']' in path '" + path + "' at " + i);
                }
                if (i < path.length() && path.charAt(i) == '.') {
                    i++;
                    if (i == path.length()) {
                        throw new IllegalArgumentException("path '" + path + "' ends with '.'");
                    }
                }
            } else {
                key.append(c);
                i++;
            }
        }
        if (key.length() > 0) {
            steps.add(key.toString());
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        return new JsonPath(steps.toArray());
    }

    private static void addKey(List<Object> steps, StringBuilder key, String path, int at) {
        if (key.length() == 0) {
            throw new IllegalArgumentException("empty key in path '" + path + "' at " + at);
        }
        steps.add(key.toString());
        key.setLength(0);
    }

    private static Integer parseIndex(String path, int from, int to) {
        String digits = path.substring(from, to).trim();
        try {
            int index = Integer.parseInt(digits);
            if (index < 0) {
                throw new NumberFormatException();
            }
            return index;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an array index in path '" + path + "', found '" + digits + "'");
        }
    }

    /** The node at this path, or {@code null} when any step is missing. */
    JsonNode find(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            if (node == null) {
                return null;
            }
            node = step instanceof String key
                    ? (node.isObject() ? node.get(key) : null)
                    : (node.isArray() ? node.get((Integer) step) : null);
        }
        return node;
    }
}
