package dev.autotune4j.dispatch;

import dev.autotune4j.profile.ShapeKey;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of one op name (shared by every runner list and config bound under that name). */
final class OpStats {
    /** Distinct miss shapes and failures kept per op; past that, only the counters grow. */
    private static final int MAX_RECORDED = 1000;

    final String op;
    /** Hit and miss counts are plain fields on purpose: an atomic increment would cost more than the rest of a
     *  replayed call. Under concurrency a few increments may be lost; they are counters for people. */
    long hits;
    long misses;
    final LongAdder busyFallbacks = new LongAdder();
    final LongAdder tunedProfiles = new LongAdder();
    final LongAdder tuningNanos = new LongAdder();
    /** Time spent comparing answers (part of the tuning time). */
    final LongAdder checkNanos = new LongAdder();
    final LongAdder abandonedThreads = new LongAdder();
    /** (runner, tactic, profile) triples this process started timing: what a tuning group divides. */
    final LongAdder timedCandidates = new LongAdder();
    final Set<ShapeKey> missShapes = ConcurrentHashMap.newKeySet();
    final Set<Failure> failures = ConcurrentHashMap.newKeySet();

    OpStats(String op) {
        this.op = op;
    }

    /** Records a miss shape; true the first time it is seen (then it is logged). */
    boolean recordMissShape(ShapeKey key) {
        return missShapes.size() < MAX_RECORDED && missShapes.add(key);
    }

    void recordFailure(Failure failure) {
        if (failures.size() < MAX_RECORDED) {
            failures.add(failure);
        }
    }

    OpStatistics snapshot() {
        return new OpStatistics(op, hits, misses, busyFallbacks.sum(),
                missShapes.stream().map(ShapeKey::toString).sorted().toList(), tunedProfiles.sum(),
                failures.stream().sorted(java.util.Comparator.comparing(Failure::toString)).toList(),
                tuningNanos.sum() / 1e6, checkNanos.sum() / 1e6, abandonedThreads.sum(), timedCandidates.sum());
    }

    void reset() {
        hits = 0;
        misses = 0;
        busyFallbacks.reset();
        tunedProfiles.reset();
        tuningNanos.reset();
        checkNanos.reset();
        abandonedThreads.reset();
        timedCandidates.reset();
        missShapes.clear();
        failures.clear();
    }
}
