package dev.autotune4j.cache;


import dev.autotune4j.internal.Log;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A tuner's cache and its file: loading, saving, what is still unsaved, and the checks of loaded entries that
 * have to wait until the device is known.
 *
 * <p>Unsaved work is counted, not flagged: each tuned entry bumps {@link #markTuned() a counter}, and a save
 * records the count it read before taking its snapshot (the snapshot is taken once the file lock is held). A pass
 * that finishes while a save waits for the lock is in that save's snapshot or leaves the count ahead of it; either
 * way nothing tuned is marked saved without being written.
 */
public final class CacheStore {
    private static final Log LOG = Log.get(CacheStore.class);

    private final ChoiceCache cache;
    private final UntunedProfiles untuned = new UntunedProfiles();
    private final Supplier<CacheMetadata> metadata;
    private volatile CacheLimits limits = CacheLimits.defaults();
    private volatile Path file;
    private final AtomicLong tuned = new AtomicLong();
    private final AtomicLong savedUpTo = new AtomicLong();
    private volatile Thread preparation;
    /** Loads whose file named identity fields this JVM did not know yet. */
    private final List<Provisional> provisional = new CopyOnWriteArrayList<>();

    private record Provisional(Path file, CacheMetadata metadata, List<String> fields, List<CacheEntry> entries) {
    }

    public CacheStore(ChoiceCache cache, Supplier<CacheMetadata> metadata) {
        this.cache = cache;
        this.metadata = metadata;
    }

    public ChoiceCache cache() {
        return cache;
    }

    /** The profiles called without a tuned choice, saved with the entries (see {@link Untuned}). */
    public UntunedProfiles untuned() {
        return untuned;
    }

    public void setLimits(CacheLimits limits) {
        this.limits = limits;
    }

    /** The file saved when leaving tune mode and at exit, or null. */
    public Path file() {
        return file;
    }

    public void setFile(Path file) {
        this.file = file;
        if (file != null && isDirty()) {
            prepareSave();
        }
    }

    /** Called after each tuned entry is put in the cache, and for each newly recorded untuned profile. */
    public void markTuned() {
        tuned.incrementAndGet();
        if (file != null && preparation == null) {
            prepareSave();
        }
    }

    /** Whether entries were tuned since the last save that wrote them. */
    public boolean isDirty() {
        return tuned.get() > savedUpTo.get();
    }

    /**
     * Loads {@code file} into memory (added to what is there). Never throws: a missing, corrupt or foreign file
     * loads nothing and logs one warning naming the file and the reason.
     *
     * @return the number of entries loaded
     */
    public int load(Path file) {
        LoadResult r = CacheFile.load(file, metadata.get(), limits);
        r.warnings().forEach(w -> LOG.warn("autotune4j: cache file {}: {}", file, w));
        if (!r.ok()) {
            LOG.warn("autotune4j: cache file {} loads no entries: {}", file, r.problem());
            return 0;
        }
        if (r.skipped() > 0) {
            LOG.warn("autotune4j: cache file {}: {} malformed entries skipped, the others loaded (first: {}); the next "
                    + "save keeps a copy of the file as it is now", file, r.skipped(), r.firstSkipReason());
        }
        if (!r.pending().isEmpty()) {
            provisional.add(new Provisional(file, r.metadata(), r.pending(), r.entries()));
        }
        cache.putAll(r.entries());
        untuned.merge(r.untuned());
        LOG.info("autotune4j: loaded {} entries from {}{}", r.entries().size(), file, r.untuned().isEmpty() ? ""
                : " and " + r.untuned().size() + " profiles called but not tuned yet (tune mode or the pretune command "
                + "tunes them in the background)");
        return r.entries().size();
    }

    /** {@link #load} when anything is at {@code file} or beside it (a first run in tune mode has no file yet). */
    public int loadIfPresent(Path file) {
        return CacheFile.present(file) ? load(file) : 0;
    }

    /** Saves the in-memory cache to {@code file}, merged with what the file already holds. */
    public CacheFile.SaveResult save(Path file) throws IOException {
        long[] seen = new long[1];
        CacheFile.SaveResult r = CacheFile.save(file, () -> {
            seen[0] = tuned.get();
            return cache.snapshot();
        }, untuned::snapshot, metadata.get(), limits);
        savedUpTo.accumulateAndGet(seen[0], Math::max);
        if (r.sideFile() != null) {
            LOG.warn("autotune4j: could not save into {}: {}; {} entries were saved to {} instead, which every load "
                    + "reads and the next save merges", r.file(), r.whyAside(), r.written(), r.sideFile());
        }
        if (r.backup() != null) {
            LOG.warn("autotune4j: {} could not be merged whole (corrupt, from another device, or with malformed "
                    + "entries); a copy was kept as {}", file, r.backup());
        }
        if (r.notPersistable() > 0) {
            LOG.warn("autotune4j: {} tuned entries have tactics of a type the cache file cannot hold and stay in "
                    + "memory only; use int, long, String, enum, record, List or Map<String, ?> tactics", r.notPersistable());
        }
        if (r.sideFile() == null) {
            LOG.info("autotune4j: saved {} entries to {}", r.written(), r.file());
        }
        return r;
    }

    /**
     * The metadata gained fields (the GPU became known): entries loaded before, from a file that named a different
     * value, are dropped with one warning; the others are confirmed.
     */
    public void recheck() {
        CacheMetadata now = metadata.get();
        for (Provisional p : provisional) {
            List<String> stillUnknown = now.unknownHere(p.metadata);
            if (stillUnknown.size() == p.fields.size()) {
                continue;
            }
            provisional.remove(p);
            List<String> mismatches = now.mismatches(p.metadata);
            if (mismatches.isEmpty()) {
                continue;
            }
            List<CacheKey> dropped = new ArrayList<>();
            for (CacheEntry e : p.entries) {
                if (cache.get(e.key()) == e) {
                    dropped.add(e.key());
                }
            }
            cache.removeAll(dropped);
            LOG.warn("autotune4j: {} entries loaded from {} were made on another device ({}); now that this device is "
                    + "known they are dropped: tune again (mode=tune) to rebuild them", dropped.size(), p.file,
                    String.join(", ", mismatches));
        }
    }

    /**
     * Loads every class a save needs ({@link CacheFile#rehearse}), so that the save at exit works after this
     * library's class loader was closed. On a daemon thread: a cold Jackson costs a few hundred milliseconds,
     * which must not delay the application's start. Only once there is something to save (the first entry tuned
     * with a file set): a service restarted in replay saves nothing, and its first second of requests should not
     * share the two cores with a rehearsal it does not need.
     */
    private synchronized void prepareSave() {
        if (preparation == null) {
            Thread t = new Thread(() -> CacheFile.rehearse(metadata.get()), "autotune4j-prepare-save");
            t.setDaemon(true);
            preparation = t;
            t.start();
        }
    }

    /** Waits (at most {@code millis}) until the save path is prepared; the save at exit calls it first. */
    public void awaitSavePrepared(long millis) throws InterruptedException {
        Thread t = preparation;
        if (t != null) {
            t.join(millis);
        }
    }
}
