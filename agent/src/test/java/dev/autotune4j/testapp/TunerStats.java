package dev.autotune4j.testapp;

import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.OpStatistics;

/**
 * Prints the process tuner's counters on stderr, one line per op ({@code autotune4j-stats op=scale hits=6 ...}), so
 * the integration tests assert on what the tuner counted, not on the wording of its log.
 */
public final class TunerStats {
    private TunerStats() {
    }

    public static void print() {
        for (OpStatistics s : AutoTuner.get().statistics().ops()) {
            System.err.println("autotune4j-stats op=" + s.op() + " hits=" + s.hits() + " misses=" + s.misses() + " busy="
                    + s.busyFallbacks() + " tuned=" + s.tunedProfiles() + " failures=" + s.failures().size());
        }
    }
}
