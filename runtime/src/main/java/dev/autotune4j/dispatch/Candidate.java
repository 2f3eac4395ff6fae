package dev.autotune4j.dispatch;

import dev.autotune4j.measure.TacticTimer;

/**
 * One (runner, tactic) being timed on the current profile of a {@link TuningPass}: its timing, the samples the
 * {@link Contest} took of it, the tactic budget it used, and whether it failed (then it is out of this profile).
 */
final class Candidate {
    final int runner;
    final Object tactic;
    TacticTimer.Timing timing;
    double[] samples;
    int taken;
    long spentNanos;
    boolean failed;
    String failure;

    Candidate(int runner, Object tactic) {
        this.runner = runner;
        this.tactic = tactic;
    }

    /** Not failed, and warmed: it can be sampled. */
    boolean usable() {
        return !failed && timing != null;
    }

    /** Ready to be timed again: its samples and budget go, a failure stays. */
    void reset() {
        timing = null;
        samples = null;
        taken = 0;
        spentNanos = 0;
    }
}
