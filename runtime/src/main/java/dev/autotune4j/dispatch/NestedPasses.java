package dev.autotune4j.dispatch;

import java.util.concurrent.Callable;

/**
 * Keeps a tuning pass that runs inside a candidate's call off that candidate's budget. An op called inside another
 * op's tactic tunes on its first call, inside the outer candidate's warmup or answer check: the nested pass is not
 * the candidate's cost. Charged to its tactic budget, it left the outer fallback 1 sample, a verdict with no
 * interval, and the outer op kept its fallback against a 13x faster tactic. Each thread counts the time of the
 * passes that ended on it; a candidate's step runs on the watchdog's thread, as does any pass nested in it, and
 * gives back to the candidate what those passes took.
 */
final class NestedPasses {
    private static final ThreadLocal<long[]> PASS_NANOS = ThreadLocal.withInitial(() -> new long[1]);

    private NestedPasses() {
    }

    /** A tuning pass ended on this thread, after this long. */
    static void ended(long nanos) {
        PASS_NANOS.get()[0] += nanos;
    }

    /** The step, giving its candidate back the time of any tuning pass nested in it. */
    static <T> Callable<T> notCharging(Candidate c, Callable<T> step) {
        return () -> {
            long[] passes = PASS_NANOS.get();
            long before = passes[0];
            try {
                return step.call();
            } finally {
                c.spentNanos -= passes[0] - before;
            }
        };
    }
}
