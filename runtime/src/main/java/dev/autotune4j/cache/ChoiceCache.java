package dev.autotune4j.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory cache of tuned choices. Every change bumps {@link #version()}, which tells the ops' fast
 * lookup tables to drop what they derived from older contents.
 */
public final class ChoiceCache {
    private final ConcurrentHashMap<CacheKey, CacheEntry> entries = new ConcurrentHashMap<>();
    private volatile int version;
    private final Runnable onChange;

    public ChoiceCache() {
        this(() -> { });
    }

    /** A cache that calls {@code onChange} after each change, once the new version is visible. */
    public ChoiceCache(Runnable onChange) {
        this.onChange = onChange;
    }

    public CacheEntry get(CacheKey key) {
        return entries.get(key);
    }

    public void put(CacheEntry entry) {
        entries.put(entry.key(), entry);
        bump();
    }

    public void putAll(Collection<CacheEntry> loaded) {
        for (CacheEntry e : loaded) {
            entries.put(e.key(), e);
        }
        bump();
    }

    public void remove(CacheKey key) {
        if (entries.remove(key) != null) {
            bump();
        }
    }

    /** Removes these keys, with one version bump. */
    public void removeAll(Collection<CacheKey> keys) {
        boolean any = false;
        for (CacheKey k : keys) {
            any |= entries.remove(k) != null;
        }
        if (any) {
            bump();
        }
    }

    public void clear() {
        entries.clear();
        bump();
    }

    public int size() {
        return entries.size();
    }

    public List<CacheEntry> snapshot() {
        return new ArrayList<>(entries.values());
    }

    public int version() {
        return version;
    }

    /** Bumps the version with no change: every op rebuilds its remembered routes at its next call. */
    public void invalidateRoutes() {
        bump();
    }

    private void bump() {
        synchronized (this) {
            version++;
        }
        onChange.run();
    }
}
