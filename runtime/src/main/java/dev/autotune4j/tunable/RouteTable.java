package dev.autotune4j.tunable;

/**
 * A call site's immutable map from shape-key hash to route (the index of a choice, with {@link #MISS} set when
 * the choice is the fallback of a replay miss). Copy on write; {@code version} is the cache version it was
 * derived from, so a change of the cache empties it.
 */
final class RouteTable {
    static final int MISS = 1 << 30;
    static final int ABSENT = -1;
    static final int MAX_ENTRIES = 4096;

    final int version;
    private final long[] hashes;
    private final int[] routes;
    private final boolean[] used;
    private final int size;

    private RouteTable(int version, long[] hashes, int[] routes, boolean[] used, int size) {
        this.version = version;
        this.hashes = hashes;
        this.routes = routes;
        this.used = used;
        this.size = size;
    }

    static RouteTable empty(int version) {
        return new RouteTable(version, new long[16], new int[16], new boolean[16], 0);
    }

    int find(long hash) {
        int mask = hashes.length - 1;
        for (int i = (int) (hash ^ (hash >>> 32)) & mask; used[i]; i = (i + 1) & mask) {
            if (hashes[i] == hash) {
                return routes[i];
            }
        }
        return ABSENT;
    }

    boolean full() {
        return size >= MAX_ENTRIES;
    }

    RouteTable with(long hash, int route) {
        int capacity = (size + 1) * 2 > hashes.length ? hashes.length * 2 : hashes.length;
        long[] h = new long[capacity];
        int[] r = new int[capacity];
        boolean[] u = new boolean[capacity];
        int n = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (used[i] && hashes[i] != hash) {
                n += place(h, r, u, hashes[i], routes[i]);
            }
        }
        n += place(h, r, u, hash, route);
        return new RouteTable(version, h, r, u, n);
    }

    private static int place(long[] h, int[] r, boolean[] u, long hash, int route) {
        int mask = h.length - 1;
        int i = (int) (hash ^ (hash >>> 32)) & mask;
        while (u[i]) {
            i = (i + 1) & mask;
        }
        h[i] = hash;
        r[i] = route;
        u[i] = true;
        return 1;
    }
}
