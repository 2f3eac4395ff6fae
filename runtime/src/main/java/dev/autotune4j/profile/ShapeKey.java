package dev.autotune4j.profile;

import java.util.Arrays;

/**
 * The shapes of a profile as the cache sees them: every input's dimensions, dynamic ones mapped to their
 * bucket and capped, constrained ones {@link #ANY}. Typed and immutable, it is the profile part of a cache
 * key; its hash is defined so that {@link ShapeKeyer} can compute it from live arguments without building one.
 */
public final class ShapeKey {
    /** A constrained dimension: it matches whatever size the live call has. */
    public static final long ANY = -1;

    private final long[][] shapes;
    private final int hash;

    private ShapeKey(long[][] shapes) {
        this.shapes = shapes;
        int h = 1;
        for (long[] shape : shapes) {
            h = mix(h, shape.length);
            for (long d : shape) {
                h = mix(h, Long.hashCode(d));
            }
        }
        this.hash = h;
    }

    public static ShapeKey of(long[][] shapes) {
        long[][] copy = new long[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            copy[i] = shapes[i].clone();
        }
        return new ShapeKey(copy);
    }

    static int mix(int h, int value) {
        return 31 * h + value;
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

    @Override
    public int hashCode() {
        return hash;
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
