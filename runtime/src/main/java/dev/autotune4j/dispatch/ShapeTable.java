package dev.autotune4j.dispatch;

import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.ShapeKeyer;

/**
 * An op's immutable lookup table from shape key to {@link Route}, replaced whole (copy on write) when an entry
 * is added. Open addressing over plain arrays, slot chosen by {@link ShapeKey#hash64()}. Every path confirms a
 * hit by comparing the key: {@link #find(long)} gives the first entry with the hash for a caller that compares
 * it itself (a call site, with its specialized comparison); {@link #find(long, Object[], ShapeKeyer)} walks
 * every entry with the hash and compares each. {@code version} is the cache version it was derived from.
 */
final class ShapeTable {
    /** Past this many shapes an op stops remembering new ones (a service with unbounded static dims). */
    static final int MAX_ENTRIES = 4096;

    final int version;
    private final Route[] entries;
    private final int mask;
    private final int size;

    private ShapeTable(int version, int capacity) {
        this.version = version;
        this.entries = new Route[capacity];
        this.mask = capacity - 1;
        this.size = 0;
    }

    private ShapeTable(ShapeTable from, int capacity, Route added) {
        this.version = from.version;
        this.entries = new Route[capacity];
        this.mask = capacity - 1;
        int n = 0;
        for (Route e : from.entries) {
            if (e != null && !e.key.equals(added.key)) {
                place(e);
                n++;
            }
        }
        place(added);
        this.size = n + 1;
    }

    static ShapeTable empty(int version) {
        return new ShapeTable(version, 16);
    }

    /** The first entry whose key has this hash, or null: the caller must compare the key. Inlined on the hot path. */
    Route find(long hash) {
        Route e = entries[ShapeKey.slot(hash, mask)];
        return e == null || e.hash == hash ? e : findFurther(hash);
    }

    private Route findFurther(long hash) {
        for (int i = (ShapeKey.slot(hash, mask) + 1) & mask; ; i = (i + 1) & mask) {
            Route e = entries[i];
            if (e == null || e.hash == hash) {
                return e;
            }
        }
    }

    /** The entry whose key is the live arguments' key, or null. */
    Route find(long hash, Object[] inputs, ShapeKeyer keyer) {
        for (int i = ShapeKey.slot(hash, mask); ; i = (i + 1) & mask) {
            Route e = entries[i];
            if (e == null) {
                return null;
            }
            if (e.hash == hash && keyer.matches(e.key, inputs)) {
                return e;
            }
        }
    }

    int size() {
        return size;
    }

    boolean full() {
        return size >= MAX_ENTRIES;
    }

    /** This table plus one entry (replacing an entry of the same key). */
    ShapeTable with(Route entry) {
        int capacity = (size + 1) * 2 > entries.length ? entries.length * 2 : entries.length;
        return new ShapeTable(this, capacity, entry);
    }

    private void place(Route e) {
        int i = ShapeKey.slot(e.hash, mask);
        while (entries[i] != null) {
            i = (i + 1) & mask;
        }
        entries[i] = e;
    }
}
