package dev.autotune4j.cache;

import java.util.List;

/**
 * What a load found (see {@link CacheFile#load}); the agent's report reads files through {@link CacheReader} too.
 *
 * @param pending  identity fields the file has that this JVM does not know yet (the GPU's, before CUDA
 *                 starts): the entries load, and are dropped if the field turns out to differ
 * @param warnings things worth one line each that did not stop the load (duplicated keys, side files read)
 * @param unreadableHere the file may well be sound, but this process could not read it (the heap ran out, an
 *                 I/O error): a save must not move it aside, so it saves to a side file instead
 * @param untuned  the profiles listed as called but not tuned ({@link Untuned})
 */
public record LoadResult(List<CacheEntry> entries, CacheMetadata metadata, String problem, int skipped,
                         String firstSkipReason, List<String> pending, List<String> warnings,
                         boolean unreadableHere, List<Untuned> untuned) {
    static LoadResult failed(String problem) {
        return new LoadResult(List.of(), null, problem, 0, null, List.of(), List.of(), false, List.of());
    }

    static LoadResult unreadable(String problem) {
        return new LoadResult(List.of(), null, problem, 0, null, List.of(), List.of(), true, List.of());
    }

    public boolean ok() {
        return problem == null;
    }
}
