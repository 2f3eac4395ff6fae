package dev.autotune4j.measure;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of samples spoiled by a busy host (see {@link RunQueueDelay}): how many were taken again, and how many
 * were kept anyway after every retake was spoiled too. Process-wide, for the statistics and the benchmarks that
 * compare ways of measuring while a service runs.
 */
public final class Contention {
    private static final LongAdder RETAKEN = new LongAdder();
    private static final LongAdder KEPT = new LongAdder();

    private Contention() {
    }

    static void retaken() {
        RETAKEN.increment();
    }

    static void kept() {
        KEPT.increment();
    }

    /** Samples taken again because the timing thread waited for a CPU during them. */
    public static long retakenSamples() {
        return RETAKEN.sum();
    }

    /** Samples kept although every retake was spoiled as well (the host stayed busy). */
    public static long keptContended() {
        return KEPT.sum();
    }

    /** Whether this platform tells how long a thread waited for a CPU (Linux); without it nothing is retaken. */
    public static boolean measurable() {
        return RunQueueDelay.nanos() >= 0;
    }
}
