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

    /** One warming turn of one candidate, under the pass's guard (the watchdog; an interrupt stops the pass). */
    static void turn(CpuTimer timer, Runner runner, ShapeKey key, Candidate c, Object[] inputs, Contest.Guard guard) {
        guard.run(c, key, () -> {
            timer.warmRound(runner, inputs, c.tactic);
            return Boolean.TRUE;
        });
    }
}
