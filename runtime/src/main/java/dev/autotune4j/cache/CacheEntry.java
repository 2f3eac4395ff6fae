package dev.autotune4j.cache;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One tuned choice: the key, which runner of the op's list won, its tactic and how long it took.
 *
 * @param key         op, runner and profile
 * @param runnerIndex position of the winning runner in the op's runner list when it was tuned
 * @param tactic      the tactic's typed JSON (see {@link TacticCodec}); null when its type cannot be written
 * @param liveTactic  the tactic object itself when it was tuned in this JVM, else null
 * @param nanos       median time of one call
 * @param samples     number of timed samples
 * @param spread      interquartile range over median
 * @param fallbackNanos time of the op's fallback on this profile when it was measured, else NaN
 * @param trials      every (runner, tactic) timed for this profile, for reports (may be empty)
 * @param verdict     why this choice and not the fallback, with the evidence; null when there was no contest
 *                    (the fallback alone, or a file written before verdicts)
 */
public record CacheEntry(CacheKey key, int runnerIndex, JsonNode tactic, Object liveTactic, double nanos,
                         int samples, double spread, double fallbackNanos, java.util.List<Trial> trials,
                         Verdict verdict) {

    public CacheEntry {
        trials = trials == null ? java.util.List.of() : java.util.List.copyOf(trials);
    }

    /** An entry without a verdict. */
    public CacheEntry(CacheKey key, int runnerIndex, JsonNode tactic, Object liveTactic, double nanos, int samples,
                      double spread, double fallbackNanos, java.util.List<Trial> trials) {
        this(key, runnerIndex, tactic, liveTactic, nanos, samples, spread, fallbackNanos, trials, null);
    }

    /** Whether this entry can be written to a cache file. */
    public boolean persistable() {
        return tactic != null;
    }
}
