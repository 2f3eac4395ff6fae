package dev.autotune4j.dispatch;

import dev.autotune4j.measure.Confidence;

/**
 * A contest's first look at a win seen while the JIT compiled, kept while the second is taken ({@link Contest}): the
 * pick and how much faster than the fallback it measured. The second look samples only these two, afresh (the other
 * candidates lost to the pick in the first look); the win stands unless the second look is sure the pick cannot gain
 * the minimum over the fallback. A copy of the fallback's own loop, accepted while the fallback's normal C2 compile
 * was still to land, measured 1.00x [0.99, 1.02] in its second look; a real win in a JVM still recompiling can
 * measure too noisily to tell, and is not thrown away for that.
 */
final class FirstLook {
    final Candidate pick;
    final Candidate fallback;
    private final Confidence.Ratio ratio;
    /** The second look's ratio when it could not tell (neither shown faster nor unable to gain); null otherwise. */
    private Confidence.Ratio undecided;

    /**
     * Keeps what the first look found and empties the two candidates' samples and budgets: their warmup stays. The
     * budget is per look; with what the first look left, a slow pair could get one sample each, which shows nothing.
     */
    FirstLook(Candidate pick, Candidate fallback, Confidence.Ratio ratio) {
        this.pick = pick;
        this.fallback = fallback;
        this.ratio = ratio;
        for (Candidate c : new Candidate[] {pick, fallback}) {
            c.taken = 0;
            c.spentNanos = 0;
        }
    }

    /** The pick's time over the fallback's in the first look. */
    Confidence.Ratio ratio() {
        return ratio;
    }

    /** The second look could not tell: its interval allows the minimum gain and does not show it. */
    void undecided(Confidence.Ratio second) {
        undecided = second;
    }

    /** For the verdict: what the first look measured, and so why the win stands or falls. */
    String note(boolean accepted) {
        if (undecided != null) {
            return " in a first look, during which the JIT compiled; a second look could not tell ("
                    + undecided.speedup() + ")";
        }
        return accepted ? "; held in a second look (the JIT compiled during the first, which measured "
                + ratio.speedup() + ")" : "; the first look, during which the JIT compiled, measured it "
                + ratio.speedup() + ": a win must hold in a second look";
    }
}
