package dev.autotune4j.dispatch;

import java.util.List;

/**
 * One op's counters at the time of the snapshot.
 *
 * @param hits           calls served by a tuned choice
 * @param misses         calls in replay mode that found no tuned choice and ran the fallback
 * @param busyFallbacks  calls in tune mode that ran the fallback because another thread was tuning
 * @param missShapes     the distinct shapes that missed
 * @param tunedProfiles  profiles tuned and cached
 * @param failures       (runner, tactic, profile) combinations that failed while tuning
 * @param tuningMillis   time spent tuning this op (not the ops tuned inside its candidates: theirs is in their own)
 * @param checkMillis    of that, time spent checking answers ({@code autotune4j.check})
 * @param abandonedThreads timing threads left running a hung tactic (each may still hold a core)
 * @param timedCandidates (runner, tactic, profile) triples this process timed (in a tuning group, its share)
 */
public record OpStatistics(String op, long hits, long misses, long busyFallbacks, List<String> missShapes,
                           long tunedProfiles, List<Failure> failures, double tuningMillis,
                           double checkMillis, long abandonedThreads, long timedCandidates) {
}
