package dev.autotune4j.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One entry as bytes, in the cache file's own format (the writer's and the reader's code, not a second format): what
 * the ranks of a tuning group send each other. A malformed entry is refused as the file's reader refuses it.
 */
public final class EntryCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EntryCodec() {
    }

    public static byte[] encode(CacheEntry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.setCodec(MAPPER);
            CacheWriter.entry(g, entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a byte array does not fail to grow
        }
        return out.toByteArray();
    }

    /** The entry, or an {@link IllegalArgumentException} naming what is wrong with it. */
    public static CacheEntry decode(byte[] bytes) {
        try {
            return CacheReader.entry(MAPPER.readTree(bytes));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an entry of a cache file: " + e.getMessage(), e);
        }
    }
}
