package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.ShapeKeyer;

/**
 * An op's immutable lookup table from shape key to choice, replaced whole (copy on write) when an entry is
 * added. Open addressing over plain arrays, probed straight from the live arguments: a repeated shape is
 * resolved without allocating or locking. {@code version} is the cache version it was derived from.
 */
final class ShapeTable {
    /** Past this many shapes an op stops remembering new ones (a service with unbounded static dims). */
    static final int MAX_ENTRIES = 4096;

    final int version;
    private final int[] hashes;
    private final ShapeKey[] keys;
    private final Choice[] choices;
    private final boolean[] misses;
    private final int size;

    private ShapeTable(int version, int capacity) {
        this.version = version;
        this.hashes = new int[capacity];
        this.keys = new ShapeKey[capacity];
        this.choices = new Choice[capacity];
        this.misses = new boolean[capacity];
        this.size = 0;
    }

    private ShapeTable(ShapeTable from, int capacity) {
        this.version = from.version;
        this.hashes = new int[capacity];
        this.keys = new ShapeKey[capacity];
        this.choices = new Choice[capacity];
        this.misses = new boolean[capacity];
        int n = 0;
        for (int i = 0; i < from.keys.length; i++) {
            if (from.keys[i] != null) {
                place(from.hashes[i], from.keys[i], from.choices[i], from.misses[i]);
                n++;
            }
        }
        this.size = n;
    }

    private ShapeTable(ShapeTable from, int hash, ShapeKey key, Choice choice, boolean miss) {
        this.version = from.version;
        this.hashes = from.hashes.clone();
        this.keys = from.keys.clone();
        this.choices = from.choices.clone();
        this.misses = from.misses.clone();
        int slot = slotOf(key, hash);
        boolean fresh = keys[slot] == null;
        hashes[slot] = hash;
        keys[slot] = key;
        choices[slot] = choice;
        misses[slot] = miss;
        this.size = from.size + (fresh ? 1 : 0);
    }

    static ShapeTable empty(int version) {
        return new ShapeTable(version, 16);
    }

    /** The slot holding the live arguments' shape, or -1. */
    int find(int hash, Object[] inputs, ShapeKeyer keyer) {
        int mask = keys.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            ShapeKey k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == hash && keyer.matches(k, inputs)) {
                return i;
            }
        }
    }

    Choice choice(int slot) {
        return choices[slot];
    }

    boolean isMiss(int slot) {
        return misses[slot];
    }

    boolean full() {
        return size >= MAX_ENTRIES;
    }

    /** This table plus one entry (replacing an entry of the same key). */
    ShapeTable with(ShapeKey key, Choice choice, boolean miss) {
        int hash = key.hashCode();
        ShapeTable base = (size + 1) * 2 > keys.length ? new ShapeTable(this, keys.length * 2) : this;
        return new ShapeTable(base, hash, key, choice, miss);
    }

    private int slotOf(ShapeKey key, int hash) {
        int mask = keys.length - 1;
        int i = hash & mask;
        while (keys[i] != null && !keys[i].equals(key)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void place(int hash, ShapeKey key, Choice choice, boolean miss) {
        int i = slotOf(key, hash);
        hashes[i] = hash;
        keys[i] = key;
        choices[i] = choice;
        misses[i] = miss;
    }
}
