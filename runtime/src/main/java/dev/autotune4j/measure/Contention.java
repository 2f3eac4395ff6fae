package dev.autotune4j.measure;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many samples a busy host spoiled (see {@link RunQueueDelay}) and were taken again. Process-wide: a check that
 * {@code autotune4j.contention=retake} does what it says, for tests and for comparing ways of measuring while a
 * service runs.
 */
final class Contention {
    private static final LongAdder RETAKEN = new LongAdder();

    private Contention() {
    }

    static void retaken() {
        RETAKEN.increment();
    }

    /** Samples taken again because the timing thread waited for a CPU during them. */
    public static long retakenSamples() {
        return RETAKEN.sum();
    }

    /** Whether this platform tells how long a thread waited for a CPU (Linux); without it nothing is retaken. */
    public static boolean measurable() {
        return RunQueueDelay.nanos() >= 0;
    }
}
