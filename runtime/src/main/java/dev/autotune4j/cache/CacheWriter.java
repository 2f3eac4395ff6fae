package dev.autotune4j.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autotune4j.profile.ShapeKey;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Writes a cache document as a stream, entry by entry, so a save needs no tree of the whole file in memory.
 * The file is forced to disk before it is closed: the caller renames it over the old one. Written through a stream,
 * which an interrupt of the writing thread does not close.
 */
final class CacheWriter {
    /** Tactic and trial JSON are trees already; the mapper only writes them. */
    private static final ObjectMapper TREES = new ObjectMapper();
    private static final JsonFactory FACTORY = TREES.getFactory();

    private CacheWriter() {
    }

    static void write(Path file, Collection<CacheEntry> entries, Collection<Untuned> untuned, Map<String, String> metadata)
            throws IOException {
        Files.createFile(file);   // fails if it exists, as a fresh temporary file must not
        // A stream, not a FileChannel: a channel closes itself for good when its thread is interrupted, and saves
        // run on threads the tuner does not own (a shutdown hook, an application thread closing a session).
        try (FileOutputStream out = new FileOutputStream(file.toFile());
             JsonGenerator g = FACTORY.createGenerator((OutputStream) out)) {
            g.useDefaultPrettyPrinter();
            g.setCodec(TREES);
            document(g, entries, untuned, metadata);
            g.flush();
            out.getFD().sync();
        }
    }

    private static void document(JsonGenerator g, Collection<CacheEntry> entries, Collection<Untuned> untuned,
                                 Map<String, String> metadata) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", CacheFile.FORMAT);
        g.writeNumberField("version", CacheFile.VERSION);
        g.writeObjectFieldStart("metadata");
        for (Map.Entry<String, String> f : metadata.entrySet()) {
            if (!"savedAt".equals(f.getKey())) {
                g.writeStringField(f.getKey(), f.getValue());
            }
        }
        g.writeStringField("savedAt", Instant.now().toString());
        g.writeEndObject();
        g.writeArrayFieldStart("entries");
        for (CacheEntry e : entries) {
            entry(g, e);
        }
        g.writeEndArray();
        if (!untuned.isEmpty()) {
            g.writeArrayFieldStart("untuned");
            for (Untuned u : untuned) {
                g.writeStartObject();
                g.writeStringField("op", u.op());
                profile(g, u.profile());
                g.writeNumberField("calls", u.calls());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void profile(JsonGenerator g, ShapeKey key) throws IOException {
        g.writeArrayFieldStart("profile");
        for (int i = 0; i < key.inputs(); i++) {
            g.writeStartArray();
            for (int d = 0; d < key.rank(i); d++) {
                g.writeNumber(key.dim(i, d));
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    static void entry(JsonGenerator g, CacheEntry e) throws IOException {
        g.writeStartObject();
        g.writeStringField("op", e.key().op());
        g.writeStringField("runner", e.key().runnerClass());
        g.writeStringField("runnerId", e.key().runnerId());
        g.writeNumberField("runnerIndex", e.runnerIndex());
        profile(g, e.key().profile());
        g.writeFieldName("tactic");
        g.writeTree(e.tactic());
        g.writeNumberField("nanos", e.nanos());
        g.writeNumberField("samples", e.samples());
        g.writeNumberField("spread", e.spread());
        if (!Double.isNaN(e.fallbackNanos())) {
            g.writeNumberField("fallbackNanos", e.fallbackNanos());
        }
        if (e.verdict() != null) {
            Verdict v = e.verdict();
            g.writeObjectFieldStart("verdict");
            g.writeStringField("candidate", v.candidate());
            g.writeNumberField("speedup", v.speedup());
            g.writeNumberField("low", v.low());
            if (!Double.isInfinite(v.high())) {
                g.writeNumberField("high", v.high());
            }
            g.writeBooleanField("accepted", v.accepted());
            g.writeStringField("reason", v.reason());
            g.writeEndObject();
        }
        if (!e.trials().isEmpty()) {
            g.writeArrayFieldStart("trials");
            for (Trial t : e.trials()) {
                g.writeStartObject();
                g.writeNumberField("runnerIndex", t.runnerIndex());
                g.writeStringField("runner", t.runner());
                g.writeStringField("runnerId", t.runnerId());
                g.writeFieldName("tactic");
                g.writeTree(t.tactic());
                if (!Double.isNaN(t.nanos())) {
                    g.writeNumberField("nanos", t.nanos());
                    g.writeNumberField("spread", t.spread());
                    g.writeNumberField("samples", t.samples());
                }
                if (t.failure() != null) {
                    g.writeStringField("failure", t.failure());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** Creates the file's parent directories; a directory at the file's own path is an error naming the fix. */
    static void prepareDirectory(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a directory: the cache path must name a file (autotune4j.cache="
                    + target.resolve("tuning.json") + ", for instance); nothing was moved or written");
        }
        Files.createDirectories(target.getParent());
    }
}
