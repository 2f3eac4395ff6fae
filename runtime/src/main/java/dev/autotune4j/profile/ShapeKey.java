package dev.autotune4j.profile;

import java.util.Arrays;

/**
 * The shapes of a profile as the cache sees them: every input's dimensions, dynamic ones mapped to their
 * bucket and capped, constrained ones {@link #ANY}. Typed and immutable, it is the profile part of a cache
 * key.
 *
 * <p>Its {@link #hash64() hash} is defined over the key's numbers as one sequence, each input's rank followed
 * by its dims ({@code r0 d00 d01 r1 d10 ...}), so that {@link ShapeKeyer} and the agent's call sites can
 * compute it from live arguments without building a key. The ranks make the sequence unambiguous. A hash
 * only chooses where to look: every lookup confirms a hit by comparing the key itself.
 */
public final class ShapeKey {
    /** A constrained dimension: it matches whatever size the live call has. */
    public static final long ANY = -1;

    /** The hash of the empty sequence. */
    public static final long SEED = 0x2545F4914F6CDD1DL;

    private final long[][] shapes;
    private final long hash;

    private ShapeKey(long[][] shapes) {
        this.shapes = shapes;
        long h = SEED;
        for (long[] shape : shapes) {
            h = step(h, shape.length);
            for (long d : shape) {
                h = step(h, d);
            }
        }
        this.hash = finish(h);
    }

    /** One step of the polynomial over the key's numbers: one multiply by a large odd constant. */
    public static long step(long acc, long value) {
        return acc * 0x9E3779B97F4A7C15L + value;
    }

    /**
     * The last step: one more multiply, so that the last number reaches the high bits too (a bijection: it adds no
     * collisions). Tables take their slot from the high bits, where every number of the key has mixed in.
     */
    public static long finish(long h) {
        return h * 0xC2B2AE3D27D4EB4FL;
    }

    /** The slot of a hash in a table of {@code mask + 1} slots (a power of two up to 2^24). */
    public static int slot(long hash, int mask) {
        return (int) (hash >>> 40) & mask;
    }

    public static ShapeKey of(long[][] shapes) {
        long[][] copy = new long[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            copy[i] = shapes[i].clone();
        }
        return new ShapeKey(copy);
    }

    public int inputs() {
        return shapes.length;
    }

    public int rank(int input) {
        return shapes[input].length;
    }

    public long dim(int input, int index) {
        return shapes[input][index];
    }

    /**
     * The key's own arrays, {@code [input][dim]}, for the matchers of the hot path, which compare them with live
     * arguments one fewer indirection away. Never modify them.
     */
    public long[][] arrays() {
        return shapes;
    }

    public long[][] toArrays() {
        long[][] copy = new long[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            copy[i] = shapes[i].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShapeKey k && k.hash == hash && Arrays.deepEquals(k.shapes, shapes);
    }

    /** The 64-bit hash that lookups probe with (see the class comment). */
    public long hash64() {
        return hash;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hash);
    }

    /** {@code [[8,64],[-1]]}: the form used in logs and in the cache file. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shapes.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('[');
            for (int d = 0; d < shapes[i].length; d++) {
                if (d > 0) {
                    sb.append(',');
                }
                sb.append(shapes[i][d]);
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }
}
