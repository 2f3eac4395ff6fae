package dev.autotune4j.dispatch;

import dev.autotune4j.api.Runner;
import dev.autotune4j.measure.CpuTimer;
import dev.autotune4j.profile.ShapeKey;

import java.util.List;

/**
 * Warms a profile's candidates in turns, a round each, until each has had the calls HotSpot's top tier needs,
 * before any is timed. Tactics often share code: an enum tactic passed into one method that branches on it, a
 * helper they all call. HotSpot compiles shared code for the paths its profile has seen, so when tactics are warmed
 * one after the other the code each is timed with depends on the order: on JDK 17 the sample service's layer norm
 * with the {@code SUMS} tactic (one method with {@code WELFORD}) ran 2.8 us on 32 rows in 6 fresh JVMs of 8 and
 * 5.5 us in 2 when {@code WELFORD} warmed first, 6.0-6.1 us in 4 of 4 when the two warmed in turns. Warmed in
 * turns, shared code is compiled for all of them, as it will serve after tuning. (It does not make C2
 * deterministic: later recompiles, after a deoptimization, still differ between JVMs; docs/benchmarks.md.)
 */
final class WarmInTurns {
    /** A stretch this long in which no compile ended and the compiler threads did not run: the JIT has settled. */
    static final long SETTLED_NANOS = 10_000_000;

    private WarmInTurns() {
    }

    static void warm(CpuTimer timer, TunableOp op, ShapeKey key, List<Candidate> candidates, Object[] inputs,
                     Contest.Guard guard) {
        long budget = timer.warmInTurnsBudgetNanos();
        boolean more = true;
        while (more) {
            more = false;
            for (Candidate c : candidates) {
                Runner runner = op.runners.get(c.runner);
                if (c.failed || c.spentNanos > budget || CpuTimer.hadTopTierCalls(runner, c.tactic)) {
                    continue;
                }
                more = true;
                long t0 = System.nanoTime();
                turn(timer, runner, key, c, inputs, guard);
                c.spentNanos += System.nanoTime() - t0;
            }
        }
    }

    /**
     * After the top-tier calls, warms on in turns until the JIT has settled ({@link #SETTLED_NANOS} without a compile
     * ending or its threads running), as long as the top-tier calls may take at most (a JIT busy with other code may
     * never settle; 0.2 s at the defaults); returns the nanoseconds it warmed. The time is the pass's, not the
     * candidates' tactic budgets, which are for their samples. Having made the calls C2 wants is not having its
     * code: in a fresh JVM whose C2 queue is long (its start, the tuner's own statistics) the tactics run C1's code
     * until their C2 compiles come up, and a tactic of 50 ns makes its 3000 calls in 0.15 ms. Measured ({@code loops}
     * of the accuracy harness at 4 x 4, tuned three times in fresh JVMs, 2-core VM, JDK 17): in 6 of 8 JVMs the first
     * tuning timed all three tactics at 146-231 ns against 44-58 ns in the next two, and
     * {@code -XX:+PrintCompilation} showed their C2 code landing 7-100 ms after the tuning had ended; one was
     * accepted 1.13-1.19x faster than the fallback in 8 JVMs of 20, the fallback being 10% faster in the same JVM
     * afterwards. Warming, not sleeping: code that does not run is not promoted. For inline passes; a background
     * pass waits for a quiet JIT and its candidates' top-tier code instead ({@link TopTierWait}), with no caller
     * waiting.
     */
    static long untilJitSettled(CpuTimer timer, List<Runner> runners, ShapeKey key, List<Candidate> candidates,
                                Object[] inputs, Contest.Guard guard, JitReadings jit) {
        long start = System.nanoTime();
        long most = timer.warmInTurnsBudgetNanos();
        long settledSince = start;
        long compiled = jit.compileMillis();
        long compiling = jit.compilerCpuNanos();
        while (true) {
            boolean warmed = turnEach(timer, runners, key, candidates, inputs, guard);
            long now = System.nanoTime();
            long m = jit.compileMillis();
            long n = jit.compilerCpuNanos();
            if (m != compiled || n != compiling) {
                compiled = m;
                compiling = n;
                settledSince = now;
            }
            if (!warmed || now - settledSince >= SETTLED_NANOS || now - start >= most) {
                return now - start;
            }
        }
    }

    /** One warming turn each for the candidates that have not failed; false when none was left to warm. */
    static boolean turnEach(CpuTimer timer, List<Runner> runners, ShapeKey key, List<Candidate> candidates,
                            Object[] inputs, Contest.Guard guard) {
        boolean warmed = false;
        for (Candidate c : candidates) {
            if (!c.failed) {
                warmed = true;
                turn(timer, runners.get(c.runner), key, c, inputs, guard);
            }
        }
        return warmed;
    }

    /** One warming turn of one candidate, under the pass's guard (the watchdog; an interrupt stops the pass). */
    static void turn(CpuTimer timer, Runner runner, ShapeKey key, Candidate c, Object[] inputs, Contest.Guard guard) {
        guard.run(c, key, () -> {
            timer.warmRound(runner, inputs, c.tactic);
            return Boolean.TRUE;
        });
    }
}
