package dev.autotune4j.cache;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tactic as a cache file stores it ({@link TacticCodec}'s JSON), read without loading its classes: checked on
 * load, and described for logs and for the agent's report, which reads the files of applications it does not have.
 */
public final class StoredTactic {
    private StoredTactic() {
    }

    /** Whether a node read from a file has the shape of an encoded tactic (checked on load). */
    public static boolean isWellFormed(JsonNode node) {
        return node != null && node.isObject() && node.path("type").isTextual();
    }

    /** A short form for logs and reports: {@code 3}, {@code Kind.TILED}, {@code Tile[m=16, n=8]}. */
    public static String describe(JsonNode node) {
        if (node == null) {
            return "?";
        }
        String type = node.path("type").asText();
        JsonNode value = node.path("value");
        return switch (type) {
            case "null" -> "null";
            case "fallback" -> "FALLBACK";
            case "enum" -> simpleName(node) + "." + value.asText();
            case "record" -> simpleName(node) + "[" + fields(value) + "]";
            case "map" -> "{" + fields(value) + "}";
            case "list" -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < value.size(); i++) {
                    sb.append(i > 0 ? ", " : "").append(describe(value.get(i)));
                }
                yield sb.append(']').toString();
            }
            default -> value.asText();
        };
    }

    /** {@code m=16, n=8}. */
    private static String fields(JsonNode object) {
        StringBuilder sb = new StringBuilder();
        object.properties().forEach(f -> sb.append(sb.length() > 0 ? ", " : "").append(f.getKey()).append('=')
                .append(describe(f.getValue())));
        return sb.toString();
    }

    /** {@code Loop} for {@code com.vendor.Ops$Loop}: the op and runner are always shown beside a tactic. */
    private static String simpleName(JsonNode node) {
        String cls = node.path("class").asText();
        return cls.substring(Math.max(cls.lastIndexOf('.'), cls.lastIndexOf('$')) + 1);
    }
}
