package dev.autotune4j.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autotune4j.profile.ShapeKey;

import java.io.IOException;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a cache file as a stream, one entry at a time, so that its cost in heap is the entries kept, not the
 * file's text: a tree of the whole document costs about 13 bytes of heap per file byte.
 *
 * <p>Each entry is read into a small tree under this class's own limits (nesting, number and string length).
 * An entry that breaks one, or lacks a field, is skipped and counted; the rest of the file still loads. Only a
 * file that is not JSON at all, not ours, over its byte or entry budget, or unreadable loads nothing.
 */
public final class CacheReader {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_NUMBER_CHARS = 64;
    private static final int MAX_STRING_CHARS = 1 << 20;
    /** The parser's own limits are wide: ours are checked per entry, so one bad entry does not stop the file. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CacheReader() {
    }

    /** Reads {@code file} within {@code limits}; never throws: what went wrong is the result's {@link LoadResult#problem()}. */
    public static LoadResult read(Path file, CacheLimits limits) {
        String notRegular = notARegularFile(file);
        if (notRegular != null) {
            return LoadResult.failed(notRegular);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return LoadResult.unreadable("it cannot be read: " + e);
        }
        if (size == 0) {
            return LoadResult.failed("it is empty");
        }
        if (size > limits.maxBytes()) {
            return LoadResult.failed("it is " + size + " bytes, over the " + limits.maxBytes()
                    + "-byte budget for a cache file (autotune4j.cacheMaxMb)");
        }
        // A stream, not a channel: a load on an interrupted thread reads the file (see CacheWriter)
        try (InputStream in = new FileInputStream(file.toFile()); JsonParser p = FACTORY.createParser(in)) {
            return new CacheReader.Document(p, limits).read();
        } catch (JsonProcessingException e) {
            return LoadResult.failed("it is not valid JSON (truncated or corrupt): " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() : ""));
        } catch (IOException | RuntimeException e) {
            return LoadResult.unreadable("it cannot be read: " + e);
        } catch (OutOfMemoryError e) {
            return LoadResult.unreadable("the heap ran out while reading it (" + size + " bytes): lower "
                    + "autotune4j.cacheMaxEntries or give the JVM more heap");
        }
    }

    /** Why {@code file} is not something to read (a directory, a device, a FIFO, a broken link), or null. */
    static String notARegularFile(Path file) {
        if (Files.isRegularFile(file)) {
            return null;
        }
        if (Files.isDirectory(file)) {
            return "it is a directory: give the path of a file";
        }
        if (Files.isSymbolicLink(file)) {
            return Files.exists(file) ? "it is a link to something that is not a regular file (a device, a FIFO or a "
                    + "socket)" : "it is a symbolic link that leads to no file (a loop, or a missing target)";
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return "it is not a regular file (a device, a FIFO or a socket)";
        }
        return "it does not exist";
    }

    /** One pass over the document. */
    private static final class Document {
        private final JsonParser p;
        private final CacheLimits limits;
        private String format;
        private JsonNode version;
        private Map<String, String> metadata;
        private final List<CacheEntry> entries = new ArrayList<>();
        private final List<Untuned> untuned = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private int skipped;
        private String firstSkipReason;

        Document(JsonParser p, CacheLimits limits) {
            this.p = p;
            this.limits = limits;
        }

        LoadResult read() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return LoadResult.failed("it is not a JSON object");
            }
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!seen.add(name)) {
                    warnings.add("the key \"" + name + "\" appears twice at the top level"
                            + ("entries".equals(name) ? " (the entries of both are read)" : " (the last is used)"));
                }
                switch (name) {
                    case "format" -> format = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "version" -> version = value(0, new String[1]);
                    case "metadata" -> metadata = metadata();
                    case "entries" -> {
                        if (!entries()) {
                            return overBudget();
                        }
                    }
                    case "untuned" -> {
                        if (!untuned()) {
                            return overBudget();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (!CacheFile.FORMAT.equals(format) || version == null || !version.canConvertToInt()) {
                return LoadResult.failed("it is not an autotune4j cache file (no \"format\": \""
                        + CacheFile.FORMAT + "\")");
            }
            if (version.asInt() != CacheFile.VERSION) {
                return LoadResult.failed("it has format version " + version.asInt()
                        + "; this library reads version " + CacheFile.VERSION);
            }
            if (metadata == null || !seen.contains("entries")) {
                return LoadResult.failed("it lacks the \"metadata\" object or the \"entries\" array");
            }
            return new LoadResult(entries, new CacheMetadata(metadata), null, skipped, firstSkipReason,
                    List.of(), warnings, false, untuned);
        }

        private LoadResult overBudget() {
            return LoadResult.failed("it holds more than " + limits.maxEntries() + " entries, over the "
                    + "budget autotune4j.cacheMaxEntries=" + limits.maxEntries() + " (a bound on the heap it may "
                    + "take); raise the setting if the file is meant to be that large");
        }

        private Map<String, String> metadata() throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                return null;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                JsonNode v = value(1, new String[1]);
                if (v != null && v.isValueNode()) {
                    fields.put(name, v.asText());
                }
            }
            return fields;
        }

        /** Reads the entries array; false when it holds more than the budget. */
        private boolean entries() throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                p.skipChildren();
                return true;
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String[] why = new String[1];
                JsonNode node = value(1, why);
                if (entries.size() + skipped >= limits.maxEntries()) {
                    return false;
                }
                try {
                    if (node == null) {
                        throw new IllegalArgumentException("an entry " + why[0]);
                    }
                    entries.add(entry(node));
                } catch (IllegalArgumentException bad) {
                    skipped++;
                    if (firstSkipReason == null) {
                        firstSkipReason = bad.getMessage();
                    }
                }
            }
            return true;
        }

        /**
         * Reads the untuned list (hints for pretuning: a malformed one is dropped with a warning, the file loads);
         * false when entries and untuned profiles together pass the budget.
         */
        private boolean untuned() throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                p.skipChildren();
                return true;
            }
            int dropped = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                JsonNode node = value(1, new String[1]);
                if (entries.size() + untuned.size() + skipped >= limits.maxEntries()) {
                    return false;
                }
                try {
                    if (node == null || !node.isObject() || !node.path("calls").canConvertToLong()) {
                        throw new IllegalArgumentException("malformed");
                    }
                    String op = text(node, "op");
                    untuned.add(new Untuned(op, profile(node, op), node.path("calls").asLong()));
                } catch (IllegalArgumentException bad) {
                    dropped++;
                }
            }
            if (dropped > 0) {
                warnings.add(dropped + " malformed untuned profile(s) dropped (they are hints for pretuning; the "
                        + "entries are not affected)");
            }
            return true;
        }

        /**
         * The value at the current token as a tree, or null (the value consumed, the reason in {@code why[0]})
         * when it breaks a limit. Containers deeper than the limit are skipped by the parser's own iterative
         * skip, so no depth of nesting can overflow the stack.
         */
        private JsonNode value(int depth, String[] why) throws IOException {
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT, START_ARRAY -> {
                    if (depth >= MAX_DEPTH) {
                        p.skipChildren();
                        why[0] = "is nested deeper than " + MAX_DEPTH + " levels";
                        return null;
                    }
                    boolean object = t == JsonToken.START_OBJECT;
                    ObjectNode o = object ? NODES.objectNode() : null;
                    ArrayNode a = object ? null : NODES.arrayNode();
                    JsonToken end = object ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
                    boolean bad = false;
                    while (p.nextToken() != end) {
                        String name = object ? p.currentName() : null;
                        if (object) {
                            p.nextToken();
                        }
                        JsonNode child = value(depth + 1, why);
                        bad |= child == null;
                        if (!bad) {
                            if (object) {
                                o.set(name, child);
                            } else {
                                a.add(child);
                            }
                        }
                    }
                    return bad ? null : object ? o : a;
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    if (p.getTextLength() > MAX_NUMBER_CHARS) {
                        why[0] = "has a number of " + p.getTextLength() + " characters";
                        return null;
                    }
                    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                        return NODES.numberNode(p.getDoubleValue());
                    }
                    // the node types of ObjectMapper.readTree, which tactic encodings are compared with
                    return switch (p.getNumberType()) {
                        case INT -> NODES.numberNode(p.getIntValue());
                        case LONG -> NODES.numberNode(p.getLongValue());
                        default -> NODES.numberNode(p.getBigIntegerValue());
                    };
                }
                case VALUE_STRING -> {
                    if (p.getTextLength() > MAX_STRING_CHARS) {
                        why[0] = "has a string of " + p.getTextLength() + " characters";
                        return null;
                    }
                    return NODES.textNode(p.getText());
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
                }
                case VALUE_NULL -> {
                    return NODES.nullNode();
                }
                default -> {
                    why[0] = "has an unexpected " + t;
                    return null;
                }
            }
        }
    }

    static CacheEntry entry(JsonNode e) {
        if (!e.isObject()) {
            throw new IllegalArgumentException("an entry is not an object");
        }
        String op = text(e, "op");
        String runner = text(e, "runner");
        JsonNode idNode = e.path("runnerId");
        if (!idNode.isTextual()) {
            throw new IllegalArgumentException("entry for op '" + op + "' has no textual runnerId");
        }
        JsonNode index = e.path("runnerIndex");
        if (!index.canConvertToInt() || !index.isIntegralNumber() || index.asInt() < 0) {
            throw new IllegalArgumentException("entry for op '" + op + "' has no runnerIndex >= 0");
        }
        ShapeKey key = profile(e, op);
        JsonNode tactic = e.path("tactic");
        if (!StoredTactic.isWellFormed(tactic)) {
            throw new IllegalArgumentException("entry for op '" + op + "' has no typed tactic");
        }
        double nanos = e.path("nanos").asDouble(Double.NaN);
        if (!e.path("nanos").isNumber() || !(nanos >= 0) || Double.isInfinite(nanos)) {
            throw new IllegalArgumentException("entry for op '" + op + "' has no finite time 'nanos' >= 0");
        }
        double fallback = e.path("fallbackNanos").isNumber() ? e.path("fallbackNanos").asDouble() : Double.NaN;
        List<Trial> trials = new ArrayList<>();
        for (JsonNode t : e.path("trials")) {
            // trials are for reports: a malformed one is dropped, the entry stays
            if (t.isObject() && t.path("runnerIndex").canConvertToInt() && t.path("tactic").isObject()) {
                trials.add(new Trial(t.path("runnerIndex").asInt(), t.path("runner").asText(runner),
                        t.path("runnerId").asText(""), t.path("tactic"),
                        t.path("nanos").isNumber() ? t.path("nanos").asDouble() : Double.NaN, t.path("spread").asDouble(0),
                        t.path("samples").asInt(0), t.path("failure").isTextual() ? t.path("failure").asText() : null));
            }
        }
        return new CacheEntry(new CacheKey(op, runner, idNode.asText(), key), index.asInt(),
                tactic, null, nanos, Math.max(0, e.path("samples").asInt(0)),
                e.path("spread").asDouble(0), fallback, trials, verdict(e.path("verdict")));
    }

    /** A verdict for reports: a malformed one is dropped, the entry stays. */
    private static Verdict verdict(JsonNode v) {
        if (!v.isObject() || !v.path("speedup").isNumber() || !v.path("accepted").isBoolean()) {
            return null;
        }
        return new Verdict(v.path("candidate").asText(""), v.path("speedup").asDouble(), v.path("low").asDouble(0),
                v.path("high").isNumber() ? v.path("high").asDouble() : Double.POSITIVE_INFINITY,
                v.path("accepted").asBoolean(), v.path("reason").asText(""));
    }

    /** The {@code profile} array of an entry or untuned profile, checked. */
    private static ShapeKey profile(JsonNode e, String op) {
        JsonNode profile = e.path("profile");
        if (!profile.isArray()) {
            throw new IllegalArgumentException("entry for op '" + op + "' has no profile array");
        }
        long[][] shapes = new long[profile.size()][];
        for (int i = 0; i < shapes.length; i++) {
            JsonNode shape = profile.get(i);
            if (!shape.isArray()) {
                throw new IllegalArgumentException("entry for op '" + op + "' has a profile shape that is not an array");
            }
            shapes[i] = new long[shape.size()];
            for (int d = 0; d < shapes[i].length; d++) {
                JsonNode dim = shape.get(d);
                if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.asLong() < ShapeKey.ANY) {
                    throw new IllegalArgumentException("entry for op '" + op + "' has a profile dim that is not an integer >= -1");
                }
                shapes[i][d] = dim.asLong();
            }
        }
        return ShapeKey.of(shapes);
    }

    private static String text(JsonNode e, String field) {
        JsonNode n = e.path(field);
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw new IllegalArgumentException("an entry has no '" + field + "'");
        }
        return n.asText();
    }
}
