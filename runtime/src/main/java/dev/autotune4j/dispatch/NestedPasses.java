package dev.autotune4j.dispatch;

import java.util.concurrent.Callable;

/**
 * Keeps a tuning pass that runs inside a candidate's step off that candidate's and that pass's clocks. An op called
 * inside another op's tactic tunes on its first call, inside the outer candidate's warmup or answer check: the nested
 * pass is not the candidate's cost. Charged to the candidate's tactic budget, it left the outer fallback 1 sample, a
 * verdict with no interval, and the outer op kept its fallback against a 13x faster tactic; counted by the hang
 * watchdog and the outer op's budget, a nested pass longer than the tactic timeout or the budget left had the outer
 * candidate abandoned as hung.
 *
 * <p>Each step gets a {@link StepAccount}, current on the thread that runs the step (the watchdog's) while it runs; a
 * pass that starts there is charged to it. The thread that waits for the step reads the account while the nested pass
 * is still running, so the watchdog can extend its deadline by exactly that time.
 */
final class NestedPasses {
    /** The step running on this thread, innermost first; null outside any step. */
    private static final ThreadLocal<StepAccount> CURRENT = new ThreadLocal<>();

    private NestedPasses() {
    }

    /** The time tuning passes took inside one step, written by the step's thread, read by the one waiting for it. */
    static final class StepAccount {
        private volatile long endedNanos;
        /** When the pass running inside the step now started; 0 when none runs. */
        private volatile long runningSince;

        /** Nanoseconds spent in nested passes so far, the one running now included. */
        long nanos() {
            long since = runningSince;
            return endedNanos + (since == 0 ? 0 : Math.max(0, System.nanoTime() - since));
        }
    }

    /** A pass starts on this thread at {@code start}: the step it is nested in, or null when it is not nested. */
    static StepAccount passStarted(long start) {
        StepAccount step = CURRENT.get();
        if (step != null) {
            step.runningSince = start == 0 ? 1 : start;
        }
        return step;
    }

    /** The pass started in {@code step} (as {@link #passStarted} returned) ended after {@code nanos}. */
    static void passEnded(StepAccount step, long nanos) {
        if (step != null) {
            step.endedNanos += nanos;
            step.runningSince = 0;
        }
    }

    /** The step, charged to {@code account} for any pass nested in it; its candidate gets that time back. */
    static <T> Callable<T> accounted(Candidate c, StepAccount account, Callable<T> step) {
        return () -> {
            StepAccount outer = CURRENT.get();
            CURRENT.set(account);
            try {
                return step.call();
            } finally {
                CURRENT.set(outer);
                c.spentNanos -= account.nanos();
            }
        };
    }
}
