package dev.autotune4j.api;

/**
 * The bucket values a dynamic dimension is tuned at. A fixed list ignores its argument; a function gets the
 * live size of the dimension, or the config's {@link TuningConfig#tuneMaxSize() tuned-size cap} when one is
 * set (as TensorRT-LLM's tuner does).
 */
@FunctionalInterface
public interface BucketGenerator {

    long[] buckets(long liveOrMaxSize);

    /** The buckets when they do not depend on the size (a fixed list), else null. */
    default long[] fixedValues() {
        return null;
    }
}
