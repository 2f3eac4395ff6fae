package dev.autotune4j.measure;

import java.util.Map;

/** Implemented by a timer that adds identity fields (a GPU's name) to the cache metadata: choices timed on one GPU are not trusted on another. */
public interface MetadataSource {

    /** The fields known now; empty until the device is known. */
    Map<String, String> metadata();

    /**
     * Calls {@code listener} once when {@link #metadata()} gains fields (CUDA started). Why: a file loaded before
     * that could not be checked against them; the cache store checks it again then.
     */
    default void whenChanged(Runnable listener) {
    }
}
