package dev.autotune4j.tunable;

import dev.autotune4j.profile.ShapeKeyer;
import dev.autotune4j.profile.Shapes;

/**
 * The 64-bit hash of a call's shape key that a tunable call site routes on. It is computed per argument, so
 * the call site can build it from its typed arguments with method-handle combinators (no array, no boxing),
 * and the slow path computes the same value from the boxed arguments. Two different shape keys of one op
 * would have to collide in all 64 bits to be confused; each dimension goes through a full-avalanche mix.
 */
public final class SiteHash {
    static final long SEED = 0x2545F4914F6CDD1DL;

    private SiteHash() {
    }

    /** Hash of the whole key: {@code mix(...mix(mix(SEED, h0), h1)..., hn)}. */
    public static long of(ShapeKeyer keyer, Object[] inputs) {
        long h = SEED;
        for (int i = 0; i < inputs.length; i++) {
            h = mix(h, argument(keyer, i, inputs[i]));
        }
        return h;
    }

    /** One argument's part: its rank and key dimensions. */
    public static long argument(ShapeKeyer keyer, int index, Object x) {
        int rank = Shapes.rank(x);
        long h = rank;
        for (int d = 0; d < rank; d++) {
            h = mix(h, keyer.keyDim(index, d, rank, Shapes.dim(x, d)));
        }
        return h;
    }

    /** An {@code int} or {@code long} argument's part: rank 1, its value the one dimension. */
    public static long integral(ShapeKeyer keyer, int index, long value) {
        return mix(1, keyer.keyDim(index, 0, 1, value));
    }

    /** The part of an argument with no shape (a double, a boolean). */
    public static long shapeless() {
        return 0;
    }

    public static long mix(long acc, long value) {
        long x = acc * 0x9E3779B97F4A7C15L + value;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }
}
