package dev.autotune4j.cache;

import java.util.Map;

/** Implemented by a profiler that adds identity fields (a GPU's name) to the cache metadata. */
public interface MetadataSource {

    /** The fields known now; empty until the device is known. */
    Map<String, String> metadata();

    /**
     * Calls {@code listener} once when {@link #metadata()} gains fields (CUDA started). Why: a file loaded before
     * that could not be checked against them; {@link CacheStore} checks it again then.
     */
    default void whenChanged(Runnable listener) {
    }
}
