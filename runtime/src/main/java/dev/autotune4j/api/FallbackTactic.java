package dev.autotune4j.api;

/** The type of {@link Runner#FALLBACK}: an enum so that it is a singleton across serialization. */
enum FallbackTactic {
    FALLBACK
}
