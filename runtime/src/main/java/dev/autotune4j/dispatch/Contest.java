package dev.autotune4j.dispatch;

import dev.autotune4j.api.Runner;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.TacticCodec;
import dev.autotune4j.cache.StoredTactic;
import dev.autotune4j.cache.Trial;
import dev.autotune4j.cache.Verdict;
import dev.autotune4j.measure.Confidence;
import dev.autotune4j.measure.Measurement;
import dev.autotune4j.measure.TacticTimer;
import dev.autotune4j.profile.ShapeKey;

import java.util.ArrayList;
import java.util.List;

/**
 * The samples of one profile's warmed candidates, and the winner they support (issue 12). Three rules:
 * <ol>
 *   <li><b>Settled code only.</b> Samples are taken in rounds, one per candidate, interleaved; a round during which
 *       the JIT finished a compile, or its compiler threads ran, is dropped and taken again ({@link Rounds}). A
 *       candidate whose time was still falling when its warmup budget ran out is warmed again, up to {@link #WARMUPS} warmups;
 *       if it still is, the verdict says it is of low confidence, an unsettled fallback is judged by its fastest
 *       sample, and where the unsettled time could still change the decision ({@link #worthRetiming()}) the pass
 *       times the profile again once the JIT has gone quiet: only a second unsettled timing becomes a verdict.</li>
 *   <li><b>Adaptive sampling.</b> Each candidate is screened with a few samples; one that is slower than the best
 *       with 99% confidence by more than the minimum gain stops there; the others get their full count; then the
 *       best and every rival whose interval still allows it to be faster by more than the minimum gain, and the
 *       fallback while its comparison with the best is undecided, are sampled further, up to
 *       {@link #MAX_SAMPLES_FACTOR} times the count (at least {@link #MIN_SAMPLES_CAP}) and within the tactic
 *       budget. So two close slow candidates are never decided on the two samples of the short-profile rule.</li>
 *   <li><b>A winner rule that knows its noise.</b> The candidate with the lowest median replaces the fallback only
 *       when it is faster with 99% confidence (a bootstrap interval of the ratio of medians, {@link Confidence}) and
 *       by at least the minimum gain ({@code autotune4j.minGainPercent}, 3%); otherwise the fallback stays. A win
 *       seen while the JIT compiled is looked at again once the JIT is quiet, the pick and the fallback sampled afresh
 *       (no new warmup): a second look sure that the pick cannot gain the minimum keeps the fallback ({@link
 *       FirstLook}). The entry carries the {@link Verdict}.</li>
 * </ol>
 */
final class Contest {
    /** Samples of the first screening round per candidate (fewer when the timer wants fewer). */
    static final int SCREEN = 3;
    /** A contender gets at most this many times its timer's sample count... */
    static final int MAX_SAMPLES_FACTOR = 3;
    /**
     * ...and at least this many. A slow tactic's 2 samples times 3 could not show a 2x gain of a multi-threaded
     * tactic with confidence; 10 could not either when a third of the two-thread sum's samples waited for a core
     * (accuracy harness, threads family at 4M elements: 1.77x measured, 99% interval [0.87, 1.88], the one-thread
     * fallback kept in 3 of 8 fresh JVMs). The median of 40 samples moves to the slow mode only if 20 of them are
     * slow; with a third slow, that is under 1 resample in 100. The tactic budget bounds the time all the same.
     */
    static final int MIN_SAMPLES_CAP = 40;
    /**
     * An unsettled rival measured slower than the fallback is timed again only when its interval reaches within this
     * much of the fallback's time: settling is the last few percent of a warmup, not a different tactic. Retiming every
     * unsettled loser doubled the demo's tuning time under load (about 6.5 s to 12.7 s).
     */
    static final double SETTLING_REACH = 0.25;
    /** Warmups a candidate gets at most while its time is still falling at the end of one. */
    static final int WARMUPS = 3;
    /**
     * A win whose 99% interval stays above this speedup is not looked at again: the transient a second look is for
     * made a loop 8-30% slower (a copy of the fallback's loop until its normal C2 compile landed), and a second look
     * taken just after a compile measured a two-thread sum as slow as one thread (accuracy harness, 4M elements,
     * inline: 0.99-1.01x after 1.84-1.97x in 3 fresh JVMs of 20), keeping a 1.9x slower fallback.
     */
    static final double SECOND_LOOK_BELOW = 1.5;

    /** Runs one step of a candidate under the pass's watchdog and budget; null when it failed. */
    interface Guard {
        <T> T run(Candidate c, ShapeKey key, java.util.concurrent.Callable<T> step);
    }

    private final TunableOp op;
    private final ShapeKey key;
    private final Guard guard;
    private final double minGain;
    private final long tacticBudget;
    /** How many timings of this profile came before this one, each of low confidence. */
    private final int retimes;
    private final JitReadings jit;
    private final boolean detached;
    private final Rounds rounds;
    /** After a second look, what the first found; null without one. */
    private FirstLook firstLook;
    private boolean worthRetiming;
    /** Methods timed before they had top-tier code, after a wait of {@link #topTierWaitMillis}; for the verdict. */
    private List<String> beforeTopTier = List.of();
    private long topTierWaitMillis;

    /** {@code detached}: a background pass, which may wait for the JIT; an inline one runs on a caller's time. */
    Contest(TunableOp op, ShapeKey key, Guard guard, int retimes, boolean detached) {
        this.op = op;
        this.detached = detached;
        this.key = key;
        this.guard = guard;
        this.retimes = retimes;
        this.minGain = op.tuner.settings().minGain();
        this.tacticBudget = op.tuner.settings().tacticBudget().toNanos();
        this.jit = op.tuner.timers().jit;
        this.rounds = new Rounds(jit, tacticBudget, c -> timed(c, c.timing::sample));
    }

    /** Warms the unsettled once more, samples adaptively, and returns the entry (null when all failed). */
    CacheEntry decide(List<Candidate> candidates, TacticTimer timer, Object[] inputs) {
        for (Candidate c : candidates) {
            for (int w = 1; w < WARMUPS && c.usable() && !c.timing.settled(); w++) {
                Runner runner = op.runners.get(c.runner);
                TacticTimer.Timing again = timed(c, () -> timer.start(runner, inputs, c.tactic, op.config));
                if (again != null) {
                    c.timing.close();
                    c.timing = again;
                }
            }
            if (c.usable()) {
                int cap = Math.max(MIN_SAMPLES_CAP, MAX_SAMPLES_FACTOR * Math.max(1, c.timing.samplesWanted()));
                c.samples = new double[cap];
            }
        }
        sample(candidates);
        Judgement first = judge(candidates);
        if (first != null && first.accepted() && rounds.jitSeen() && 1 / first.ratio().high() < SECOND_LOOK_BELOW) {
            // A compile that ends mid-contest can be one of the tactics' own, and the rounds dropped while one
            // ends do not catch the samples taken before it. In fresh JVMs of the accuracy harness one of six
            // copies of a loop measured 8-30% slower than the others in 14 JVMs of 106, and ran as fast as them
            // right after the tuning (its normal C2 compile among the last to land, 25 ms after its OSR one); when
            // that copy was the fallback, another was accepted 1.06-1.17x faster than the fallback's own code.
            // In a background pass the second look waits for the JIT to go quiet first (an inline pass runs on a
            // caller's time: with the wait, a hung-tactic test's pass of three profiles outran its 900 ms bound);
            // it has JIT retakes of its own (taken at once with the first look's spent, it timed a two-thread sum
            // at 4M elements as one thread).
            firstLook = new FirstLook(first.rival(), first.fallback(), first.ratio());
            if (detached) {
                jit.awaitQuietBeforeTiming();
            }
            sample(List.of(first.fallback(), first.rival()));
        }
        return entry(candidates);
    }

    /** Screens, samples to each timer's count, then samples further while a comparison is open. */
    private void sample(List<Candidate> candidates) {
        rounds.newLook();
        List<Candidate> active = new ArrayList<>(candidates.stream().filter(Candidate::usable).toList());
        rounds.until(active, c -> Math.min(SCREEN, c.timing.samplesWanted()));
        active.removeIf(c -> clearlySlower(c, best(candidates)));
        rounds.until(active, c -> c.timing.samplesWanted());
        while (true) {
            List<Candidate> open = undecided(candidates);
            open.removeIf(c -> c.taken >= c.samples.length || c.spentNanos > tacticBudget || c.failed);
            if (open.isEmpty()) {
                break;
            }
            // one more sample each, then decide again (a target read per round would run on to the cap)
            java.util.Map<Candidate, Integer> next = new java.util.IdentityHashMap<>();
            open.forEach(c -> next.put(c, c.taken + 1));
            rounds.until(open, next::get);
        }
    }

    /**
     * Whether the fallback was kept on a time that was still falling when its warmups ran out, where settling could
     * change that: the best rival's, when its interval reaches within {@link #SETTLING_REACH} of the fallback (it may
     * yet get faster), or the fallback's when only its fastest sample kept a rival that was shown faster out. An accepted rival needs no second timing: a rival still falling only measured
     * slower than it is, and an unsettled fallback's fastest sample was beaten. Known once {@link #decide} ran.
     */
    boolean worthRetiming() {
        return worthRetiming;
    }

    private <T> T timed(Candidate c, java.util.concurrent.Callable<T> step) {
        long t0 = System.nanoTime();
        try {
            return guard.run(c, key, step);
        } finally {
            c.spentNanos += System.nanoTime() - t0;
        }
    }

    /** The usable candidate with the lowest median so far, or null. */
    private static Candidate best(List<Candidate> candidates) {
        Candidate best = null;
        for (Candidate c : candidates) {
            if (c.usable() && c.taken > 0 && (best == null || median(c) < median(best))) {
                best = c;
            }
        }
        return best;
    }

    private boolean clearlySlower(Candidate c, Candidate best) {
        return best != null && c != best && !isFallback(c) && c.taken > 0
                && Confidence.ofMedians(c.samples, c.taken, best.samples, best.taken).low() > 1 + minGain;
    }

    /**
     * The candidates that more samples could still change the decision for: the best with each rival that may be
     * faster than it by more than the minimum gain, and the fallback with its contender while the verdict's
     * comparison of the two is open (whichever of them measured fastest so far).
     */
    private List<Candidate> undecided(List<Candidate> candidates) {
        Candidate best = best(candidates);
        List<Candidate> out = new ArrayList<>();
        if (best == null) {
            return out;
        }
        Candidate contender = isFallback(best) ? fastestOtherThan(best, candidates) : null;
        for (Candidate c : candidates) {
            if (c == best || !c.usable() || c.taken == 0) {
                continue;
            }
            Confidence.Ratio r = Confidence.ofMedians(c.samples, c.taken, best.samples, best.taken);
            boolean rivalMayWin = r.low() < 1 - minGain && r.high() > 1 + minGain;
            // the same question when the fallback measured fastest: its contender cannot be slower by the minimum
            // gain and may be far faster (a two-thread sum whose first samples waited for a core: 1.00x [0.99, 2.02]
            // in a fresh JVM, and the one-thread fallback kept)
            boolean contenderOpen = c == contender && !r.faster(minGain) && !r.cannotGain(minGain);
            // the verdict's question: is the best faster than the fallback by the minimum gain? Open until the
            // interval says yes, or says it cannot be (an earlier version stopped once the fallback could not beat
            // the best, and kept a 1.9x faster candidate whose 10 samples left the answer open)
            Confidence.Ratio gain = Confidence.ofMedians(best.samples, best.taken, c.samples, c.taken);
            boolean fallbackOpen = isFallback(c) && !gain.faster(minGain) && !gain.cannotGain(minGain);
            if (rivalMayWin || fallbackOpen || contenderOpen) {
                out.add(c);
                if (!out.contains(best)) {
                    out.add(best);
                }
            }
        }
        return out;
    }

    /** The usable candidate with the lowest median other than {@code excluded}, or null. */
    private static Candidate fastestOtherThan(Candidate excluded, List<Candidate> candidates) {
        Candidate best = null;
        for (Candidate c : candidates) {
            if (c != excluded && c.usable() && c.taken > 0 && (best == null || median(c) < median(best))) {
                best = c;
            }
        }
        return best;
    }

    private static boolean isFallback(Candidate c) {
        return c.runner == 0 && c.tactic == Runner.FALLBACK;
    }

    private static double fastest(Candidate c) {
        double min = Double.MAX_VALUE;
        for (int i = 0; i < c.taken; i++) {
            min = Math.min(min, c.samples[i]);
        }
        return min;
    }

    private static double median(Candidate c) {
        return Measurement.of(c.samples, c.taken).nanos();
    }

    /**
     * The winner rule's reading of the samples: the fallback, its contender (the best when that is not the fallback,
     * else the fastest candidate; after a second look, the first look's pick), their ratio, whether the fallback
     * measured fastest, whether the contender was shown faster, and whether it replaces the fallback.
     */
    private record Judgement(Candidate fallback, Candidate rival, Confidence.Ratio ratio, boolean fallbackFastest,
                             boolean shown, boolean accepted) {
    }

    /** Null without a timed fallback or a timed rival: then the fastest candidate simply wins. */
    private Judgement judge(List<Candidate> candidates) {
        Candidate fallback = null;
        for (Candidate c : candidates) {
            if (!c.failed && c.taken > 0 && isFallback(c)) {
                fallback = c;
            }
        }
        Candidate rival = firstLook != null ? firstLook.pick : fastestOtherThan(fallback, candidates);
        if (fallback == null || rival == null || rival.taken == 0) {
            return null;
        }
        Confidence.Ratio r = Confidence.ofMedians(rival.samples, rival.taken, fallback.samples, fallback.taken);
        boolean fallbackFastest = median(fallback) <= median(rival);
        boolean shown = !fallbackFastest && r.faster(minGain);
        if (firstLook != null && !shown && !r.cannotGain(minGain)) {
            // a second look that cannot tell leaves the first look's verdict: only a confident answer overturns it
            // (at 8 x 8 a JVM still recompiling timed i-k-j 1.24x [0.84, 1.69] faster after 1.17x [1.12, 1.32])
            firstLook.undecided(r);
            r = firstLook.ratio();
            fallbackFastest = false;
            shown = true;
        }
        // a fallback whose time was still falling may yet get faster: then the rival must beat even its fastest
        // sample by the minimum gain (a rival still falling only measured slower than it is: its gain stands)
        boolean accepted = shown && (fallback.timing.settled() || median(rival) <= (1 - minGain) * fastest(fallback));
        return new Judgement(fallback, rival, r, fallbackFastest, shown, accepted);
    }

    private CacheEntry entry(List<Candidate> candidates) {
        List<Trial> trials = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.failed || c.taken == 0) {
                trials.add(new Trial(c.runner, op.runnerClasses[c.runner], op.runnerIds[c.runner],
                        TacticCodec.display(c.tactic), Double.NaN, 0, 0, c.failure != null ? c.failure : "no sample"));
                continue;
            }
            Measurement m = Measurement.of(c.samples, c.taken);
            trials.add(new Trial(c.runner, op.runnerClasses[c.runner], op.runnerIds[c.runner],
                    TacticCodec.display(c.tactic), m.nanos(), m.spread(), m.samples(), null));
        }
        Candidate best = best(candidates);
        if (best == null) {
            return null;
        }
        Judgement j = judge(candidates);
        // a pick that failed in its second look has not held: the fallback stays
        Candidate winner = j == null && firstLook != null && firstLook.fallback.usable() ? firstLook.fallback : best;
        Verdict verdict = null;
        Candidate fallback = j != null ? j.fallback() : null;
        if (j != null) {
            Candidate rival = j.rival();
            Confidence.Ratio r = j.ratio();
            worthRetiming = !j.accepted() && ((!rival.timing.settled() && r.low() < 1 + SETTLING_REACH)
                    || (j.shown() && !fallback.timing.settled()));
            String reason = reason(j, rival.timing.settled(), fallback.timing.settled());
            verdict = new Verdict(nameOf(rival), 1 / r.ratio(), 1 / r.high(),
                    r.low() == 0 ? Double.POSITIVE_INFINITY : 1 / r.low(), j.accepted(), reason);
            winner = j.accepted() ? rival : fallback;
        }
        Measurement m = Measurement.of(winner.samples, winner.taken);
        double fallbackNanos = fallback != null ? median(fallback) : Double.NaN;
        return new CacheEntry(op.cacheKey(winner.runner, key), winner.runner, TacticCodec.encode(winner.tactic),
                winner.tactic, m.nanos(), m.samples(), m.spread(), fallbackNanos, trials, verdict);
    }

    /** Candidates' methods the JIT had not compiled at its top tier when they were timed (see {@link TopTierWait}). */
    void timedBeforeTopTier(List<String> methods, long waitedMillis) {
        beforeTopTier = methods;
        topTierWaitMillis = waitedMillis;
    }

    private String nameOf(Candidate c) {
        return op.runnerName(c.runner) + "/" + StoredTactic.describe(TacticCodec.display(c.tactic));
    }

    /**
     * Why the verdict is what it is, for people: the comparison, how settled the times were, what a second look
     * found, the code timed.
     */
    private String reason(Judgement j, boolean rivalSettled, boolean fallbackSettled) {
        String why = settledReason(j, rivalSettled, fallbackSettled)
                + (firstLook == null ? "" : firstLook.note(j.accepted()));
        return beforeTopTier.isEmpty() ? why : why + "; low confidence: timed before the JIT compiled " + beforeTopTier
                + " at its top tier, not done within a wait of " + topTierWaitMillis + " ms";
    }

    private String settledReason(Judgement j, boolean rivalSettled, boolean fallbackSettled) {
        String name = nameOf(j.rival());
        Confidence.Ratio r = j.ratio();
        String why;
        if (j.fallbackFastest()) {
            why = "kept the fallback: it measured fastest; " + (firstLook != null ? name : "the fastest candidate, "
                    + name + ",") + " measured " + r.speedup();
        } else if (j.accepted()) {
            why = "faster than the fallback with 99% confidence, by " + r.speedup();
        } else if (j.shown()) {
            why = "kept the fallback: " + name + " measured " + r.speedup() + ", but the fallback's time was still "
                    + "falling and its fastest sample is not " + Math.round(minGain * 100) + "% slower";
        } else {
            why = "kept the fallback: " + name + " measured " + r.speedup() + ", not " + Math.round(minGain * 100)
                    + "% faster with 99% confidence";
        }
        if (!rivalSettled || !fallbackSettled) {
            String whose = !fallbackSettled && !rivalSettled ? "the fallback's and " + name + "'s times were"
                    : !fallbackSettled ? "the fallback's time was" : name + "'s time was";
            return why + "; low confidence: " + whose + " still falling after " + WARMUPS + " warmups"
                    + (retimes > 0 ? ", in each of " + (retimes + 1) + " timings" : "") + " (raise autotune4j.warmupMs)";
        }
        return retimes > 0 ? why + "; timed " + (retimes + 1) + " times: the earlier timing" + (retimes > 1 ? "s" : "")
                + " had not settled" : why;
    }
}
