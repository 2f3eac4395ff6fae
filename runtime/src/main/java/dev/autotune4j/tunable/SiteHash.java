package dev.autotune4j.tunable;

import dev.autotune4j.profile.ShapeKeyer;
import dev.autotune4j.profile.Shapes;

/**
 * The pieces of the 64-bit shape-key hash a tunable call site routes on ({@link RouteHashes} assembles them
 * per parameter type). The hash is a function of the shape key alone, so equal keys route alike; two
 * different keys of one op would have to collide in all 64 bits to be confused, and every dimension goes
 * through the polynomial before one final avalanche.
 */
public final class SiteHash {
    static final long SEED = 0x2545F4914F6CDD1DL;

    private SiteHash() {
    }

    /** One argument's part: its rank and key dimensions. */
    public static long argument(ShapeKeyer keyer, int index, Object x) {
        int rank = Shapes.rank(x);
        long h = rank;
        for (int d = 0; d < rank; d++) {
            h = step(h, keyer.keyDim(index, d, rank, Shapes.dim(x, d)));
        }
        return h;
    }

    /** The part of an argument with no shape (a double, a boolean). */
    public static long shapeless() {
        return 0;
    }

    /**
     * One step of the polynomial over the key's numbers: one multiply by a large odd constant. Two keys of
     * small numbers (sizes below 2^40) collide only if their difference times the constant is small mod 2^64,
     * which it is not; {@link #finish} then spreads the bits.
     */
    public static long step(long acc, long value) {
        return acc * 0x9E3779B97F4A7C15L + value;
    }

    /** The final avalanche (MurmurHash3's fmix64): a bijection, so it adds no collisions. */
    public static long finish(long h) {
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
