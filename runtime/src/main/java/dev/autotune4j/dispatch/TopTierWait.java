package dev.autotune4j.dispatch;

import dev.autotune4j.internal.TacticMethod;
import dev.autotune4j.measure.CpuTimer;
import dev.autotune4j.measure.TopTierCode;
import dev.autotune4j.profile.ShapeKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Before a background profile is timed, waits, warming on, until each candidate's own method has top-tier code
 * ({@link TopTierCode}). Under load after an attach the JIT's queue is long, and a tactic can run C1's code for
 * seconds at a stable time: warmup takes that plateau for settled. Measured (attach under load, JDK 17): the sample
 * service's one-thread layer norm timed at 3.2 µs on 16 rows under load and 1.4 µs quietly in the same JVM, five
 * profiles kept on the slower fallback, its overload never compiled by C2 (the code list said so after the fact).
 * Only runners that name their method ({@link TacticMethod}: the agent's candidates) are checked, and only that
 * method: what C2 inlined into it is not seen, so a thin method can still be timed before its final code (a later
 * run: the same overload with top-tier code, 4.2 µs under load, 1.5 quietly; docs/benchmarks.md).
 */
final class TopTierWait {
    /** Between looks at the code list (each costs about 1 ms per 500 compiled methods), warming. */
    private static final long LOOK_NANOS = 50_000_000;
    /**
     * Methods that ran out a whole wait without top-tier code: not waited for again in this JVM, only reported. The
     * JIT that did not compile a method in one wait seldom does in the next: on JDK 25 one thin overload outwaited
     * six profiles in a row, 12 s of background tuning for nothing.
     */
    private static final Set<String> OUTWAITED = ConcurrentHashMap.newKeySet();

    private TopTierWait() {
    }

    /**
     * Warms the candidates whose method lacks top-tier code, in turns, for at most {@code maxMillis} (not at all when
     * every such method has outwaited an earlier wait); returns the names of the methods still without it (empty,
     * normally).
     */
    static List<String> await(CpuTimer timer, TunableOp op, ShapeKey key, List<Candidate> candidates, Object[] inputs,
                              Contest.Guard guard, long maxMillis) {
        Map<String, List<Candidate>> byMethod = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            if (!c.failed && op.runners.get(c.runner) instanceof TacticMethod m) {
                byMethod.computeIfAbsent(m.compiledName(), k -> new ArrayList<>()).add(c);
            }
        }
        if (byMethod.isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        while (true) {
            Set<String> cold = TopTierCode.without(byMethod.keySet());
            if (cold.isEmpty() || OUTWAITED.containsAll(cold)) {
                return List.copyOf(cold);
            }
            if (System.nanoTime() >= deadline) {
                OUTWAITED.addAll(cold);
                return List.copyOf(cold);
            }
            // calls until the next look: a busy compile queue raises the calls a method needs before C2 takes it
            // (HotSpot's Tier4LoadFeedback), and a thin method without loops of its own needs thousands
            List<Candidate> warming = cold.stream().flatMap(method -> byMethod.get(method).stream()).toList();
            long look = System.nanoTime() + LOOK_NANOS;
            while (System.nanoTime() < look) {
                // each turn's guard stops the pass on an interrupt
                if (!WarmInTurns.turnEach(timer, op.runners, key, warming, inputs, guard)) {
                    return List.copyOf(cold);   // all failed while warming: nothing left to wait for
                }
            }
        }
    }
}
