package dev.autotune4j.api;

import java.util.Arrays;

/** Ready-made {@link BucketGenerator}s and {@link BucketMap}s. */
public final class Buckets {
    private Buckets() {
    }

    /** Exactly these buckets, whatever the live size. */
    public static BucketGenerator of(long... values) {
        long[] copy = values.clone();
        for (long v : copy) {
            if (v < 0) {
                throw new IllegalArgumentException("bucket values must be >= 0, got " + Arrays.toString(values));
            }
        }
        return new Fixed(copy);
    }

    /** 1, 2, 4, ... up to and including the largest power of two {@code <= max}. */
    public static BucketGenerator powersOfTwo(long max) {
        return of(powersOfTwoUpTo(max));
    }

    /** 1, 2, 4, ... up to the live size (or the cap, when the config has one). */
    public static BucketGenerator powersOfTwoUpToSize() {
        return Buckets::powersOfTwoUpTo;
    }

    /** Live sizes are served by the next power of two ({@code 5 -> 8}; 0 stays 0). */
    public static BucketMap nextPowerOfTwo() {
        return size -> size <= 1 ? size : Long.highestOneBit(size - 1) << 1;
    }

    /** Live sizes are served by the largest power of two not above them ({@code 5 -> 4}). */
    public static BucketMap lastPowerOfTwo() {
        return size -> size <= 1 ? size : Long.highestOneBit(size);
    }

    /** Live sizes are rounded up to a multiple of {@code multiple}. */
    public static BucketMap roundUpTo(long multiple) {
        if (multiple <= 0) {
            throw new IllegalArgumentException("roundUpTo needs a positive multiple, got " + multiple);
        }
        return size -> (size + multiple - 1) / multiple * multiple;
    }

    /** Every live size is its own bucket. */
    public static BucketMap identity() {
        return size -> size;
    }

    static long[] powersOfTwoUpTo(long max) {
        if (max < 1) {
            return new long[] {1};
        }
        int count = 64 - Long.numberOfLeadingZeros(max);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = 1L << i;
        }
        return out;
    }

    /** A fixed list: recognised so that profile generation need not call it with a size. */
    private record Fixed(long[] values) implements BucketGenerator {
        @Override
        public long[] buckets(long ignored) {
            return values.clone();
        }

        @Override
        public long[] fixedValues() {
            return values.clone();
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }
}
