package health.safeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 add, remove, replace and test on a Jackson tree (enough for kustomize's JSON patches). */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(ObjectNode doc, ArrayNode ops) {
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            List<String> path = pointer(op.path("path").asText());
            require(!path.isEmpty(), "cannot patch the whole document");
            JsonNode parent = at(doc, path.subList(0, path.size() - 1), op);
            String last = path.get(path.size() - 1);
            switch (kind) {
                case "add" -> add(parent, last, value(op), op);
                case "replace" -> {
                    remove(parent, last, op);
                    add(parent, last, value(op), op);
                }
                case "remove" -> remove(parent, last, op);
                case "test" -> require(child(parent, last, op).equals(value(op)), "test failed: " + op);
                default -> throw new IllegalArgumentException("unsupported JSON patch op: " + op);
            }
        }
    }

    private static List<String> pointer(String text) {
        require(text.startsWith("/"), "a JSON pointer starts with /: " + text);
        List<String> tokens = new ArrayList<>();
        for (String t : text.substring(1).split("/", -1)) {
            tokens.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static JsonNode at(JsonNode node, List<String> path, JsonNode op) {
        for (String token : path) {
            node = child(node, token, op);
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String token, JsonNode op) {
        JsonNode child = node.isArray() ? node.get(index(node, token, false, op)) : node.get(token);
        require(child != null, "no " + token + " for " + op);
        return child;
    }

    private static void add(JsonNode parent, String token, JsonNode value, JsonNode op) {
        if (parent instanceof ArrayNode array) {
            array.insert(index(parent, token, true, op), value);
        } else if (parent instanceof ObjectNode object) {
            object.set(token, value);
        } else {
            throw new IllegalArgumentException("cannot add under a scalar: " + op);
        }
    }

    private static void remove(JsonNode parent, String token, JsonNode op) {
        child(parent, token, op);
        if (parent instanceof ArrayNode array) {
            array.remove(index(parent, token, false, op));
        } else {
            ((ObjectNode) parent).remove(token);
        }
    }

    private static int index(JsonNode array, String token, boolean forAdd, JsonNode op) {
        if (forAdd && token.equals("-")) {
            return array.size();
        }
        require(token.matches("0|[1-9][0-9]*"), "not an array index: " + token + " in " + op);
        int i = Integer.parseInt(token);
        require(i < array.size() + (forAdd ? 1 : 0), "index out of range in " + op);
        return i;
    }

    private static JsonNode value(JsonNode op) {
        require(op.has("value"), "no value in " + op);
        return op.get("value").deepCopy();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
