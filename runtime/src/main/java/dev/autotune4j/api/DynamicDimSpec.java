package dev.autotune4j.api;

import java.util.Objects;

/**
 * A dimension whose size varies between calls (typically the token count): it is tuned at each bucket the
 * generator gives, and a live size is served by the bucket {@code map} sends it to.
 *
 * @param input   index of the input (argument)
 * @param dim     index of the dimension within that input
 * @param buckets the bucket values to tune
 * @param map     live size to bucket; must be cheap and allocation-free
 */
public record DynamicDimSpec(int input, int dim, BucketGenerator buckets, BucketMap map) {

    public DynamicDimSpec {
        if (input < 0 || dim < 0) {
            throw new IllegalArgumentException("dynamic dim needs input >= 0 and dim >= 0, got input=" + input + " dim=" + dim);
        }
        Objects.requireNonNull(buckets, "buckets");
        Objects.requireNonNull(map, "map");
    }

    /** Tuned at fixed buckets; live sizes map to themselves (the reference's default). */
    public static DynamicDimSpec of(int input, int dim, long... buckets) {
        return new DynamicDimSpec(input, dim, Buckets.of(buckets), Buckets.identity());
    }

    public DynamicDimSpec withMap(BucketMap newMap) {
        return new DynamicDimSpec(input, dim, buckets, newMap);
    }

    public DynamicDimSpec withBuckets(BucketGenerator newBuckets) {
        return new DynamicDimSpec(input, dim, newBuckets, map);
    }
}
