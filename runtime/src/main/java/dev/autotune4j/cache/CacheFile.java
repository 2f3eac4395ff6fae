package dev.autotune4j.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autotune4j.profile.ShapeKey;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the cache file: one JSON document with the metadata and the typed entries.
 *
 * <p>Reading never throws and never trusts the file: a missing, empty, truncated, corrupt, oversized or
 * hostile file, or one made on another device or library version, loads as "no entries" with a
 * {@link LoadResult#problem() problem} naming the file and the reason. Malformed entries are skipped one by one.
 *
 * <p>Writing merges with what is on disk (under a file lock, so two JVMs saving at once lose nothing), writes
 * a temporary file and renames it over the old one, so a crash leaves either the old or the new file. A file
 * that cannot be merged (corrupt, or from another device) is kept beside it as {@code *.bak-<time>}.
 */
public final class CacheFile {
    public static final String FORMAT = "autotune4j-cache";
    public static final int VERSION = 1;
    /** Larger files are refused: a cache of every op and bucket of a big model is a few MiB. */
    static final long MAX_BYTES = 64L << 20;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64).maxStringLength(1 << 20).maxNumberLength(64).build())
            .build()).enable(SerializationFeature.INDENT_OUTPUT);

    private CacheFile() {
    }

    /** What a load found. */
    public record LoadResult(List<CacheEntry> entries, CacheMetadata metadata, String problem, int skipped,
                             String firstSkipReason) {
        static LoadResult failed(String problem) {
            return new LoadResult(List.of(), null, problem, 0, null);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    /** What a save did. */
    public record SaveResult(Path file, int written, int notPersistable, Path backup) {
    }

    /** The rank-specific file, as the reference names it: {@code cache.json} for rank 2 is {@code cache.rank2.json}. */
    public static Path forRank(Path file, int rank) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return file.resolveSibling(stem + ".rank" + rank + ".json");
    }

    /** Loads entries made on a device and library that {@code current} accepts. */
    public static LoadResult load(Path file, CacheMetadata current) {
        LoadResult raw = read(file);
        if (!raw.ok() || raw.metadata() == null) {
            return raw;
        }
        List<String> mismatches = current.mismatches(raw.metadata());
        if (!mismatches.isEmpty()) {
            return new LoadResult(List.of(), raw.metadata(), "it was made on another device or library version ("
                    + String.join(", ", mismatches) + "); its " + raw.entries().size()
                    + " entries are ignored: tune again (mode=tune) to rebuild it", 0, null);
        }
        return raw;
    }

    /** Reads the file whatever its metadata (for reports). */
    public static LoadResult read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return LoadResult.failed("it does not exist");
        } catch (IOException e) {
            return LoadResult.failed("it cannot be read: " + e);
        }
        if (size == 0) {
            return LoadResult.failed("it is empty");
        }
        if (size > MAX_BYTES) {
            return LoadResult.failed("it is " + size + " bytes, over the " + MAX_BYTES
                    + "-byte limit for a cache file");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            return LoadResult.failed("it is not valid JSON (truncated or corrupt): " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() : ""));
        } catch (IOException | RuntimeException e) {
            return LoadResult.failed("it cannot be read: " + e);
        }
        if (root == null || !root.isObject()) {
            return LoadResult.failed("it is not a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText()) || !root.path("version").canConvertToInt()) {
            return LoadResult.failed("it is not an autotune4j cache file (no \"format\": \"" + FORMAT + "\")");
        }
        if (root.path("version").asInt() != VERSION) {
            return LoadResult.failed("it has format version " + root.path("version").asInt()
                    + "; this library reads version " + VERSION);
        }
        JsonNode meta = root.path("metadata");
        JsonNode entries = root.path("entries");
        if (!meta.isObject() || !entries.isArray()) {
            return LoadResult.failed("it lacks the \"metadata\" object or the \"entries\" array");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = meta.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isValueNode()) {
                fields.put(f.getKey(), f.getValue().asText());
            }
        }
        List<CacheEntry> out = new ArrayList<>();
        int skipped = 0;
        String firstReason = null;
        for (JsonNode e : entries) {
            try {
                out.add(entry(e));
            } catch (IllegalArgumentException bad) {
                skipped++;
                if (firstReason == null) {
                    firstReason = bad.getMessage();
                }
            }
        }
        CacheMetadata metadata = new CacheMetadata(fields);
        return new LoadResult(out, metadata, null, skipped, firstReason);
    }

    private static CacheEntry entry(JsonNode e) {
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
        JsonNode tactic = e.path("tactic");
        if (!TacticCodec.isWellFormed(tactic)) {
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
                        t.path("runnerId").asText(""), t.path("tactic").deepCopy(),
                        t.path("nanos").isNumber() ? t.path("nanos").asDouble() : Double.NaN, t.path("spread").asDouble(0),
                        t.path("samples").asInt(0), t.path("failure").isTextual() ? t.path("failure").asText() : null));
            }
        }
        return new CacheEntry(new CacheKey(op, runner, idNode.asText(), ShapeKey.of(shapes)), index.asInt(),
                tactic.deepCopy(), null, nanos, Math.max(0, e.path("samples").asInt(0)),
                e.path("spread").asDouble(0), fallback, trials);
    }

    private static String text(JsonNode e, String field) {
        JsonNode n = e.path(field);
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw new IllegalArgumentException("an entry has no '" + field + "'");
        }
        return n.asText();
    }

    /**
     * Writes {@code entries} to {@code file}, merged with the entries already there (ours win on equal keys).
     */
    public static SaveResult save(Path file, Collection<CacheEntry> entries, CacheMetadata current) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(target.getFileName() + ".lock");
        // A file lock is held per JVM, not per thread: a second tuner of this JVM locking the same file (another
        // class loader's copy of the runtime, or another AutoTuner) would get OverlappingFileLockException. So
        // tuners of one JVM first take a monitor that every loader shares: an interned string, unique to the path.
        synchronized (("autotune4j cache lock " + lockFile).intern()) {
            return saveLocked(target, lockFile, entries, current);
        }
    }

    private static SaveResult saveLocked(Path target, Path lockFile, Collection<CacheEntry> entries, CacheMetadata current)
            throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Map<CacheKey, CacheEntry> merged = new LinkedHashMap<>();
            Path backup = null;
            if (Files.exists(target)) {
                LoadResult disk = load(target, current);
                if (disk.ok()) {
                    for (CacheEntry e : disk.entries()) {
                        merged.put(e.key(), e);
                    }
                } else {
                    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC)
                            .format(Instant.now());
                    backup = target.resolveSibling(target.getFileName() + ".bak-" + stamp);
                    Files.move(target, backup, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            int notPersistable = 0;
            for (CacheEntry e : entries) {
                if (e.persistable()) {
                    merged.put(e.key(), e);
                } else {
                    notPersistable++;
                }
            }
            Path tmp = target.getParent().resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), document(merged.values(), current));
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    out.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return new SaveResult(target, merged.size(), notPersistable, backup);
        }
    }

    /**
     * Saves and loads one entry in a temporary directory, so that every class a save needs is loaded now.
     *
     * <p>Why: the save at exit runs in a shutdown hook, possibly after the class loader that holds this library was
     * closed (an application undeployed from its container). A class first needed then cannot be loaded
     * ({@code NoClassDefFoundError}) and the tuned entries would never reach the file. Never throws.
     */
    public static void rehearse(CacheMetadata current) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("autotune4j-rehearsal");
            Path file = dir.resolve("rehearsal.json");
            CacheEntry entry = new CacheEntry(new CacheKey("rehearsal", "Runner", "", ShapeKey.of(new long[][] {{1}})),
                    0, TacticCodec.encode(0), null, 1, 1, 0, 1,
                    List.of(new Trial(0, "Runner", "", TacticCodec.encode(0), Double.NaN, 0, 0, "failure")));
            save(file, List.of(entry), current);
            save(file, List.of(entry), current);   // the second merges with the first: the read path too
            Files.writeString(file, "{");
            save(file, List.of(entry), current);   // and the path that keeps a corrupt file aside
        } catch (IOException | RuntimeException e) {
            // nothing to prepare for: the real save reports its own problem
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private static ObjectNode document(Collection<CacheEntry> entries, CacheMetadata metadata) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode meta = root.putObject("metadata");
        metadata.fields().forEach(meta::put);
        meta.put("savedAt", Instant.now().toString());
        ArrayNode list = root.putArray("entries");
        for (CacheEntry e : entries) {
            ObjectNode n = list.addObject();
            n.put("op", e.key().op());
            n.put("runner", e.key().runnerClass());
            n.put("runnerId", e.key().runnerId());
            n.put("runnerIndex", e.runnerIndex());
            ArrayNode profile = n.putArray("profile");
            ShapeKey key = e.key().profile();
            for (int i = 0; i < key.inputs(); i++) {
                ArrayNode shape = profile.addArray();
                for (int d = 0; d < key.rank(i); d++) {
                    shape.add(key.dim(i, d));
                }
            }
            n.set("tactic", e.tactic());
            n.put("nanos", e.nanos());
            n.put("samples", e.samples());
            n.put("spread", e.spread());
            if (!Double.isNaN(e.fallbackNanos())) {
                n.put("fallbackNanos", e.fallbackNanos());
            }
            if (!e.trials().isEmpty()) {
                ArrayNode trials = n.putArray("trials");
                for (Trial t : e.trials()) {
                    ObjectNode tn = trials.addObject();
                    tn.put("runnerIndex", t.runnerIndex());
                    tn.put("runner", t.runner());
                    tn.put("runnerId", t.runnerId());
                    tn.set("tactic", t.tactic());
                    if (!Double.isNaN(t.nanos())) {
                        tn.put("nanos", t.nanos());
                        tn.put("spread", t.spread());
                        tn.put("samples", t.samples());
                    }
                    if (t.failure() != null) {
                        tn.put("failure", t.failure());
                    }
                }
            }
        }
        return root;
    }
}
