package dev.autotune4j.profile;

import dev.autotune4j.api.BucketMap;
import dev.autotune4j.api.ConstraintSpec;
import dev.autotune4j.api.DynamicDimSpec;
import dev.autotune4j.api.TuningConfig;

/**
 * Finds the profile a call belongs to (the reference's {@code _find_nearest_profile}): each dynamic dimension
 * is mapped to its bucket and capped, each constrained dimension becomes {@link ShapeKey#ANY}, the rest stay.
 * {@link #hash} and {@link #matches} work straight from the live arguments, so a repeated shape is looked up
 * without allocating.
 */
public final class ShapeKeyer {
    private static final BucketMap[] NONE = new BucketMap[0];

    /** {@code maps[input][dim]}: the bucket map of a dynamic dimension, or null. */
    private final BucketMap[][] maps;
    /** {@code constrained[input][dim]}. */
    private final boolean[][] constrained;
    private final long cap;

    public ShapeKeyer(TuningConfig config) {
        int inputs = 0;
        for (DynamicDimSpec d : config.dynamicDims()) {
            inputs = Math.max(inputs, d.input() + 1);
        }
        for (ConstraintSpec c : config.constraints()) {
            inputs = Math.max(inputs, c.input() + 1);
        }
        maps = new BucketMap[inputs][];
        constrained = new boolean[inputs][];
        for (int i = 0; i < inputs; i++) {
            int dims = 0;
            for (DynamicDimSpec d : config.dynamicDims()) {
                if (d.input() == i) {
                    dims = Math.max(dims, d.dim() + 1);
                }
            }
            for (ConstraintSpec c : config.constraints()) {
                if (c.input() == i) {
                    dims = Math.max(dims, c.dim() + 1);
                }
            }
            maps[i] = dims == 0 ? NONE : new BucketMap[dims];
            constrained[i] = new boolean[dims];
        }
        for (DynamicDimSpec d : config.dynamicDims()) {
            maps[d.input()][d.dim()] = d.map();
        }
        for (ConstraintSpec c : config.constraints()) {
            constrained[c.input()][c.dim()] = true;
        }
        cap = config.tuneMaxSize();
    }

    /** The bucket map of a dynamic dimension, or null. */
    public BucketMap mapOf(int input, int dim) {
        return input < maps.length && dim < maps[input].length ? maps[input][dim] : null;
    }

    public boolean isConstrained(int input, int dim) {
        return input < constrained.length && dim < constrained[input].length && constrained[input][dim];
    }

    /** The tuned-size cap ({@link TuningConfig#NO_CAP} when none). */
    public long cap() {
        return cap;
    }

    /** The key dimension for a live (or opt) size at {@code [input][dim]} of an input of rank {@code rank}. */
    public long keyDim(int input, int dim, int rank, long size) {
        if (input < maps.length && dim < maps[input].length) {
            if (constrained[input][dim]) {
                // A shapeless input keeps its (empty) shape: the reference skips constraints on it.
                return rank == 0 ? size : ShapeKey.ANY;
            }
            BucketMap map = maps[input][dim];
            if (map != null) {
                return Math.min(map.toBucket(size), cap);
            }
        }
        return size;
    }

    /** {@link ShapeKey#hash64()} of the live arguments' key, computed without building it. */
    public long hash(Object[] inputs) {
        long h = ShapeKey.SEED;
        for (int i = 0; i < inputs.length; i++) {
            h = step(h, i, inputs[i]);
        }
        return ShapeKey.finish(h);
    }

    /** Whether the live arguments' key is {@code key}, compared dim by dim without building it. */
    public boolean matches(ShapeKey key, Object[] inputs) {
        if (key.inputs() != inputs.length) {
            return false;
        }
        for (int i = 0; i < inputs.length; i++) {
            if (!matches(key, i, inputs[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether input {@code i} of {@code key} is the key of live argument {@code x}. */
    public boolean matches(ShapeKey key, int i, Object x) {
        return matches(key.arrays(), i, x);
    }

    /** As {@link #matches(ShapeKey, int, Object)}, the key given as {@link ShapeKey#arrays()}. */
    public boolean matches(long[][] key, int i, Object x) {
        Shapes.Reader reader = Shapes.reader(x);
        int rank = reader.rank(x);
        long[] shape = key[i];
        if (shape.length != rank) {
            return false;
        }
        for (int d = 0; d < rank; d++) {
            if (shape[d] != keyDim(i, d, rank, reader.dim(x, d))) {
                return false;
            }
        }
        return true;
    }

    /** The part of {@link #hash} that input {@code i} adds to the running hash {@code acc}. */
    public long step(long acc, int i, Object x) {
        Shapes.Reader reader = Shapes.reader(x);
        int rank = reader.rank(x);
        long h = ShapeKey.step(acc, rank);
        for (int d = 0; d < rank; d++) {
            h = ShapeKey.step(h, keyDim(i, d, rank, reader.dim(x, d)));
        }
        return h;
    }

    /**
     * Why live argument {@code i} cannot be keyed as this keyer declares, or null: a dim declared dynamic or
     * constrained that the argument does not have (a type whose shape cannot be read is rank 0).
     */
    public String unreadable(int i, Object x) {
        if (i >= maps.length || maps[i].length == 0) {
            return null;
        }
        if (x == null) {
            return null;
        }
        Shapes.Reader reader = Shapes.reader(x);
        int rank = reader.rank(x);
        if (rank >= maps[i].length) {
            return null;
        }
        return !reader.known() ? "its shape cannot be read, but dim " + (maps[i].length - 1) + " is declared on it"
                : "dim " + (maps[i].length - 1) + " is declared, but the argument has rank " + rank;
    }

    /** The key of live arguments (allocates; the slow path). */
    public ShapeKey key(Object[] inputs) {
        return keyOf(Shapes.shapes(inputs));
    }

    /**
     * The key of a tuned profile: its opt shapes with each dynamic dim's bucket value kept raw (capped), not
     * passed through the bucket map. The map is for live sizes: it says which tuned bucket serves a size. Applying
     * it to the buckets too would collapse them under a map like {@code x -> x / 4} (a tactic tuned at 32 rows
     * filed under 8), so, as TensorRT-LLM does, buckets are stored raw and only live sizes are mapped.
     */
    public ShapeKey keyOfProfile(long[][] optShapes) {
        long[][] out = new long[optShapes.length][];
        for (int i = 0; i < optShapes.length; i++) {
            int rank = optShapes[i].length;
            out[i] = new long[rank];
            for (int d = 0; d < rank; d++) {
                long size = optShapes[i][d];
                boolean dynamic = mapOf(i, d) != null;
                out[i][d] = dynamic ? Math.min(size, cap) : keyDim(i, d, rank, size);
            }
        }
        return ShapeKey.of(out);
    }

    /** The key of explicit live shapes (each dynamic dim mapped to its bucket). */
    public ShapeKey keyOf(long[][] shapes) {
        long[][] out = new long[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            out[i] = new long[shapes[i].length];
            for (int d = 0; d < out[i].length; d++) {
                out[i][d] = keyDim(i, d, shapes[i].length, shapes[i][d]);
            }
        }
        return ShapeKey.of(out);
    }
}
