package dev.autotune4j.api;

/**
 * Maps a live size to the bucket it is served by. On the hot path: it must be cheap and must not allocate.
 */
@FunctionalInterface
public interface BucketMap {

    long toBucket(long size);
}
