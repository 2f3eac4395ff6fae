package dev.autotune4j.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autotune4j.api.Runner;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Writes tactics as typed JSON ({@code {"type":"int","value":3}}, {@code {"type":"enum","class":"x.Kind",
 * "value":"TILED"}}, records as their components). There is deliberately no decoder: a loaded tactic is
 * matched against the encodings of the tactics its runner offers for the live inputs, so a cache file can
 * never make the JVM load or instantiate a class, and a tactic the runner no longer offers is never run.
 */
public final class TacticCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 16;

    private TacticCodec() {
    }

    /** The typed JSON of a tactic, or null when its type cannot be written (it then stays in memory only). */
    public static ObjectNode encode(Object tactic) {
        return encode(tactic, 0);
    }

    private static ObjectNode encode(Object t, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        ObjectNode node = NODES.objectNode();
        if (t == null) {
            return node.put("type", "null");
        }
        if (t == Runner.FALLBACK) {
            return node.put("type", "fallback");
        }
        if (t instanceof Integer v) {
            return node.put("type", "int").put("value", v);
        }
        if (t instanceof Long v) {
            return node.put("type", "long").put("value", v);
        }
        if (t instanceof Short v) {
            return node.put("type", "short").put("value", v);
        }
        if (t instanceof Byte v) {
            return node.put("type", "byte").put("value", v);
        }
        if (t instanceof Double v) {
            return node.put("type", "double").put("value", v);
        }
        if (t instanceof Float v) {
            return node.put("type", "float").put("value", v);
        }
        if (t instanceof Boolean v) {
            return node.put("type", "boolean").put("value", v);
        }
        if (t instanceof String v) {
            return node.put("type", "string").put("value", v);
        }
        if (t instanceof Character v) {
            return node.put("type", "char").put("value", v.toString());
        }
        if (t instanceof Enum<?> e) {
            return node.put("type", "enum").put("class", e.getDeclaringClass().getName()).put("value", e.name());
        }
        if (t instanceof Record r) {
            ObjectNode value = NODES.objectNode();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object component;
                try {
                    c.getAccessor().setAccessible(true);
                    component = c.getAccessor().invoke(r);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
                ObjectNode encoded = encode(component, depth + 1);
                if (encoded == null) {
                    return null;
                }
                value.set(c.getName(), encoded);
            }
            node.put("type", "record").put("class", r.getClass().getName());
            node.set("value", value);
            return node;
        }
        if (t instanceof List<?> list) {
            ArrayNode value = NODES.arrayNode();
            for (Object item : list) {
                ObjectNode encoded = encode(item, depth + 1);
                if (encoded == null) {
                    return null;
                }
                value.add(encoded);
            }
            node.put("type", "list");
            node.set("value", value);
            return node;
        }
        if (t instanceof Map<?, ?> map) {
            ObjectNode value = NODES.objectNode();
            for (Map.Entry<?, ?> e : new java.util.TreeMap<>(map).entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return null;
                }
                ObjectNode encoded = encode(e.getValue(), depth + 1);
                if (encoded == null) {
                    return null;
                }
                value.set(key, encoded);
            }
            node.put("type", "map");
            node.set("value", value);
            return node;
        }
        return null;
    }

    /**
     * Whether a stored tactic is this tactic. Numbers compare by their text: one parsed from a file may come back
     * as another node class (a long {@code 2} as an int node), and the type tag already keeps an int from matching
     * a long. Walked node by node rather than printed: the first replayed call of each shape resolves its tactic on
     * the request thread, and printing a node starts Jackson's serializer (tens of ms, cold).
     */
    public static boolean matches(JsonNode stored, Object tactic) {
        ObjectNode encoded = encode(tactic);
        return encoded != null && stored != null && same(stored, encoded);
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            var names = a.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                JsonNode other = b.get(name);
                if (other == null || !same(a.get(name), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.asText().equals(b.asText());
        }
        return a.getNodeType() == b.getNodeType() && a.asText().equals(b.asText());
    }

    /** The typed JSON of a tactic for display: its encoding, or its text when it has none. */
    public static ObjectNode display(Object tactic) {
        ObjectNode encoded = encode(tactic);
        return encoded != null ? encoded : NODES.objectNode().put("type", "text").put("value", String.valueOf(tactic));
    }
}
