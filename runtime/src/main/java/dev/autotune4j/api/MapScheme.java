package dev.autotune4j.api;

/** The ready-made ways a {@link Dynamic} dimension maps a live size to its bucket. */
public enum MapScheme {
    /** 5 -> 8 ({@link Buckets#nextPowerOfTwo()}). */
    NEXT_POWER_OF_TWO,
    /** 5 -> 4 ({@link Buckets#lastPowerOfTwo()}). */
    LAST_POWER_OF_TWO,
    /** Up to a multiple of {@link Dynamic#roundUpTo()}. */
    ROUND_UP,
    /** Every size is its own bucket. */
    IDENTITY;

    /** The bucket map this scheme stands for. */
    public BucketMap toMap(long roundUpTo) {
        switch (this) {
            case NEXT_POWER_OF_TWO:
                return Buckets.nextPowerOfTwo();
            case LAST_POWER_OF_TWO:
                return Buckets.lastPowerOfTwo();
            case ROUND_UP:
                return Buckets.roundUpTo(roundUpTo);
            default:
                return Buckets.identity();
        }
    }
}
