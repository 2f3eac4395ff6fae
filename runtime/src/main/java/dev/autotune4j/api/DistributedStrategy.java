package dev.autotune4j.api;

import java.util.Locale;

/**
 * How the processes of a tuning group share the tuning of an op (TensorRT-LLM's {@code DistributedTuningStrategy}).
 * A process alone, or without a group, always tunes by itself. Set per op ({@link TuningConfig.Builder#distributed})
 * or for every op ({@code autotune4j.strategy}).
 */
public enum DistributedStrategy {
    /** Each process tunes by itself and keeps its own choices (the default). */
    INDEPENDENT,
    /** Rank 0 tunes; every other rank receives its choice for each profile and times nothing. */
    BROADCAST,
    /** Every rank tunes every tactic; the fastest result per profile over all ranks is every rank's choice. */
    MERGE,
    /**
     * The tactics of each profile are divided among the ranks (each times the fallback and its share); the fastest
     * result over all ranks is every rank's choice: N ranks tune about N times faster, and all run the same tactic.
     */
    PARALLEL;

    /** The strategy named {@code text} (any case), or an error naming the four. */
    public static DistributedStrategy parse(String text) {
        for (DistributedStrategy s : values()) {
            if (s.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown distributed strategy '" + text + "': use "
                + String.join(", ", java.util.Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList()));
    }
}
