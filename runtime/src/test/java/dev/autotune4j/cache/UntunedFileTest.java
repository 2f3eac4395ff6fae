package dev.autotune4j.cache;

import dev.autotune4j.profile.ShapeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache file's {@code untuned} list: read item by item, written by saves, side files included. */
class UntunedFileTest {
    private static final CacheMetadata HERE = new CacheMetadata(Map.of("libraryVersion", "t"));

    @Test
    void aMalformedItemIsDroppedWithAWarningAndTheRestLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, """
                {"format":"autotune4j-cache","version":1,"metadata":{"libraryVersion":"t"},"entries":[],
                 "untuned":[{"op":"a","profile":[[4,8]],"calls":7},
                            {"op":"a","profile":"not an array","calls":1},
                            {"op":"b","profile":[[2]]}]}
                """);
        LoadResult r = CacheFile.load(file, HERE);
        assertTrue(r.ok(), r.problem());
        assertEquals(List.of(new Untuned("a", ShapeKey.of(new long[][] {{4, 8}}), 7)), r.untuned());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("2 malformed untuned profile(s) dropped")), r.warnings().toString());
    }

    @Test
    void aSaveThatGoesAsideKeepsItsUntunedListAndTheNextLoadReadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Untuned u = new Untuned("a", ShapeKey.of(new long[][] {{16}}), 3);
        CacheFile.SaveResult first = CacheFile.save(file, List::of, () -> List.of(u), HERE, CacheLimits.defaults());
        assertEquals(null, first.sideFile());
        Process holder = LockHolderAccess.start(dir.resolve("c.json.lock"));   // another process holds the lock
        try {
            Untuned more = new Untuned("a", ShapeKey.of(new long[][] {{32}}), 1);
            CacheFile.SaveResult aside = CacheFile.save(file, List::of, () -> List.of(more), HERE,
                    new CacheLimits(64L << 20, 100_000, java.time.Duration.ofMillis(200)));
            assertTrue(aside.sideFile() != null, "the lock was held: a side file");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        List<Untuned> both = CacheFile.load(file, HERE).untuned();
        assertEquals(2, both.size(), both.toString());
    }
}
