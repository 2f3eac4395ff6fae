package dev.autotune4j.cache;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Saves a cache file over and over (each save one entry more), printing {@code saving} once started, until it is
 * killed. Runs in a child JVM; arguments: the cache file, entries per save.
 */
public final class SaveLoop {
    private SaveLoop() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        CacheMetadata here = CacheMetadata.current(Map.of());
        List<CacheEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(CacheFaultsTest.entry("loop", i, 1, 100));
        }
        System.out.println("saving");
        System.out.flush();
        for (int round = n; ; round++) {
            entries.add(CacheFaultsTest.entry("loop", round, 1, 100));
            CacheFile.save(file, entries, here);
        }
    }
}
