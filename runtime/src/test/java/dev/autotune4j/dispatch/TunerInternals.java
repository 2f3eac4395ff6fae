package dev.autotune4j.dispatch;

import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.cache.CacheMetadata;
import dev.autotune4j.cache.CacheStore;
import dev.autotune4j.cache.ChoiceCache;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The tuner's internals, for the runtime's tests in other packages (the cache's fault tests, the CUDA probes): one
 * door, so that what the application sees ({@link AutoTuner#choices()}, {@link AutoTuner#saveCache}) stays narrow.
 */
public final class TunerInternals {
    private TunerInternals() {
    }

    public static CacheStore store(AutoTuner tuner) {
        return tuner.store();
    }

    public static ChoiceCache cache(AutoTuner tuner) {
        return tuner.cache();
    }

    public static CacheMetadata metadata(AutoTuner tuner) {
        return tuner.metadata();
    }

    public static List<CacheEntry> entries(AutoTuner tuner) {
        return tuner.cacheEntries();
    }

    /** The save with everything it did (side file, backup), not only the file written. */
    public static CacheFile.SaveResult save(AutoTuner tuner, Path file) throws IOException {
        return tuner.store().save(file);
    }
}
