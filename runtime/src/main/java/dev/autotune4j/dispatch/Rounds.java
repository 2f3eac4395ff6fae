package dev.autotune4j.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A contest's samples, taken in rounds of one per candidate, interleaved, so that a drift of the machine falls on
 * every candidate alike. A round during which the JIT finished a compile, or its compiler threads ran, measured code
 * in transition or a core the compiler held: it is dropped and taken again, {@link #RETAKES} times at most per look
 * ({@link Contest}: a second look has retakes of its own).
 */
final class Rounds {
    /** Rounds dropped for the JIT's work, at most, per look; then the JIT is taken as busy for good. */
    static final int RETAKES = 20;
    /**
     * A round in which the compiler threads ran for more than this part of its time is dropped: on the 2-core VM a
     * two-thread sum whose second thread waited for the compiler's core measured as slow as one thread.
     */
    static final double COMPILER_SHARE = 0.05;

    private final JitReadings jit;
    private final long tacticBudget;
    /** One sample of a candidate under the pass's guard, counted against its budget; null when it failed. */
    private final Function<Candidate, Double> sampleOf;
    private int retakes;
    private boolean jitSeen;

    Rounds(JitReadings jit, long tacticBudget, Function<Candidate, Double> sampleOf) {
        this.jit = jit;
        this.tacticBudget = tacticBudget;
        this.sampleOf = sampleOf;
    }

    /** Starts a look: its retakes are whole again, and no JIT work is seen yet. */
    void newLook() {
        retakes = 0;
        jitSeen = false;
    }

    /** Whether the JIT worked during a round of this look, whether the round was dropped or not. */
    boolean jitSeen() {
        return jitSeen;
    }

    /** Rounds of one sample per candidate still short of its target, until each reaches it or its budget. */
    void until(List<Candidate> group, ToIntFunction<Candidate> target) {
        boolean more = true;
        while (more) {
            more = false;
            long compileMillis = jit.compileMillis();
            long compilerNanos = jit.compilerCpuNanos();
            long roundStart = System.nanoTime();
            List<Candidate> round = new ArrayList<>();
            for (Candidate c : group) {
                int wanted = Math.min(c.samples == null ? 0 : c.samples.length, target.applyAsInt(c));
                if (!c.usable() || c.taken >= wanted || (c.taken > 0 && c.spentNanos > tacticBudget)) {
                    continue;
                }
                Double sample = sampleOf.apply(c);
                if (sample != null) {
                    c.samples[c.taken++] = sample;
                    round.add(c);
                    more = true;
                }
            }
            if (!round.isEmpty() && round.stream().anyMatch(c -> c.timing.jitSensitive())
                    && jitRan(compileMillis, compilerNanos, System.nanoTime() - roundStart)) {
                jitSeen = true;
                if (retakes < RETAKES) {
                    retakes++;
                    round.forEach(c -> c.taken--);
                }
            }
        }
    }

    /**
     * Whether the JIT worked during a round: a compile ended (the compilation MXBean), or the compiler threads ran
     * for more than {@link #COMPILER_SHARE} of it (a compile under way: code in transition, and a core taken).
     */
    private boolean jitRan(long compileMillisBefore, long compilerNanosBefore, long roundNanos) {
        if (compileMillisBefore >= 0 && jit.compileMillis() != compileMillisBefore) {
            return true;
        }
        return compilerNanosBefore >= 0
                && Math.abs(jit.compilerCpuNanos() - compilerNanosBefore) > COMPILER_SHARE * roundNanos;
    }
}
