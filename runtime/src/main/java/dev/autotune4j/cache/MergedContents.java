package dev.autotune4j.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What several cache documents (the file, its side files, this process's memory) hold together: per key the
 * faster entry (as TensorRT-LLM's post-tune merge keeps), the newer on a tie; per bucket the larger untuned count
 * (two runs may share their history), and no untuned bucket that an entry of any runner tunes.
 */
final class MergedContents {
    private final Map<CacheKey, CacheEntry> entries = new LinkedHashMap<>();
    private final Map<UntunedProfiles.Bucket, Untuned> untuned = new LinkedHashMap<>();
    private int notPersistable;

    /** Adds a document's contents; entries a file cannot hold (their tactic has no encoding) are only counted. */
    MergedContents add(Collection<CacheEntry> moreEntries, Collection<Untuned> moreUntuned) {
        for (CacheEntry e : moreEntries) {
            if (e.persistable()) {
                entries.merge(e.key(), e, MergedContents::faster);
            } else {
                notPersistable++;
            }
        }
        for (Untuned u : moreUntuned) {
            untuned.merge(new UntunedProfiles.Bucket(u.op(), u.profile()), u, (a, b) -> a.calls() >= b.calls() ? a : b);
        }
        return this;
    }

    Collection<CacheEntry> entries() {
        return entries.values();
    }

    /** The untuned buckets that no entry tunes. */
    List<Untuned> untuned() {
        Set<UntunedProfiles.Bucket> tuned = new HashSet<>();
        for (CacheKey k : entries.keySet()) {
            tuned.add(new UntunedProfiles.Bucket(k.op(), k.profile()));
        }
        List<Untuned> out = new ArrayList<>();
        untuned.forEach((bucket, u) -> {
            if (!tuned.contains(bucket)) {
                out.add(u);
            }
        });
        return out;
    }

    int size() {
        return entries.size();
    }

    /** Entries added that a file cannot hold. */
    int notPersistable() {
        return notPersistable;
    }

    /** Of two measurements of one key, the faster; the newer ({@code b}) on a tie. */
    static CacheEntry faster(CacheEntry a, CacheEntry b) {
        return b.nanos() <= a.nanos() ? b : a;
    }
}
