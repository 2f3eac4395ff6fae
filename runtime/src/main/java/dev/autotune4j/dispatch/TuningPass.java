package dev.autotune4j.dispatch;

import dev.autotune4j.api.DistributedStrategy;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.TacticCodec;
import dev.autotune4j.cache.StoredTactic;
import dev.autotune4j.internal.Log;
import dev.autotune4j.internal.Watchdog;
import dev.autotune4j.internal.events.Events;
import dev.autotune4j.measure.CpuTimer;
import dev.autotune4j.measure.StatisticsWarmup;
import dev.autotune4j.measure.TacticTimer;
import dev.autotune4j.measure.TimingSettings;
import dev.autotune4j.measure.TimerUnusableException;
import dev.autotune4j.profile.InputSynthesizer;
import dev.autotune4j.profile.ProfileGenerator;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tuning pass of an op, started by a cache miss in tune mode: every generated profile that has no
 * entry yet is timed with every (runner, tactic), and the fastest goes into the cache. A tactic that throws,
 * or hangs past the timeout, is recorded as failed for that profile and skipped; nothing reaches the caller.
 * The op's fallback (first runner, {@code FALLBACK}) competes too, so a tuned choice is never slower than
 * running without autotune4j, and the report can show the speedup over it.
 */
final class TuningPass {
    private static final Log LOG = Log.get(TuningPass.class);
    /**
     * A profile whose fallback was kept on a time still falling when its warmups ran out ({@link
     * Contest#worthRetiming}) is timed again this many times at most, after the JIT has gone quiet; only then is such a
     * result a verdict (issue 12: a reached warmup cap is a measurement to take again, not a verdict). Retiming every
     * low-confidence profile doubled the tuning time of the demo's service under load (3.9 s to 13.7 s with the other
     * changes of that session; 6.5 s without any retime).
     */
    static final int RETIMES = 1;
    /** A background profile waits this long at most for its candidates' top-tier code ({@link TopTierWait}). */
    private static final long TOP_TIER_WAIT_MILLIS = 2000;

    private final TunableOp op;
    private final TimingSettings settings;
    private final TacticTimer timer;
    private final long start = System.nanoTime();
    /** Time that passes of other ops, nested in this pass's steps, took: not this op's budget ({@link NestedPasses}). */
    private long nestedNanos;
    /** Progress lines below the profile level are throttled to one a second. */
    private long lastProgressLog = start;
    private String progress = "";
    /** (runner, tactic) pairs that hung in this pass: not timed again on its other profiles. */
    private final java.util.Set<String> hung = new java.util.HashSet<>();

    /** Thrown through the pass when its op budget is spent, even in the middle of a profile. */
    private static final class BudgetSpent extends RuntimeException {
        BudgetSpent() {
            super("op budget spent", null, false, false);
        }
    }

    /** Only this profile is tuned (the bucket a background miss hit), or null for every profile of the config. */
    private final ShapeKey only;
    /** Tactics get copies of the caller's arguments, never the objects themselves (the background tuner). */
    private final boolean detached;
    /** A recheck: the profile {@code only} is timed again though it has an entry; the entry is handed back. */
    private final boolean recheck;
    private CacheEntry rechecked;

    private TuningPass(TunableOp op, Object[] inputs, ShapeKey only, boolean detached, boolean recheck) {
        this.op = op;
        this.settings = op.tuner.settings();
        this.timer = op.tuner.timerFor(inputs);
        this.only = only;
        this.detached = detached;
        this.recheck = recheck;
    }

    /** Inline, on the caller's thread: every profile, on the caller's arguments where the shape is theirs. */
    static void tune(TunableOp op, Object[] inputs) {
        new TuningPass(op, inputs, null, false, false).run(inputs);
    }

    /** In the background: the profile {@code only} (or all when null), on copies of the arguments. */
    static void tuneDetached(TunableOp op, Object[] inputs, ShapeKey only) {
        new TuningPass(op, inputs, only, true, false).run(inputs);
    }

    /**
     * In the background, the tuned profile {@code key} timed again, on copies of the arguments: its new entry, not
     * published (the caller decides), or null when no candidate worked or the profile is not among the config's.
     */
    static CacheEntry retimeDetached(TunableOp op, Object[] inputs, ShapeKey key) {
        TuningPass pass = new TuningPass(op, inputs, key, true, true);
        pass.run(inputs);
        return pass.rechecked;
    }

    private void run(Object[] inputs) {
        long[][] live = Shapes.shapes(inputs);
        List<Profile> profiles = ProfileGenerator.generate(op.config, live);
        if (only != null) {
            List<Profile> hit = profiles.stream().filter(p -> op.keyer.keyOfProfile(p.optShapes()).equals(only)).toList();
            profiles = hit.isEmpty() && !recheck ? profiles : hit;
        }
        ShapeKey liveKey = op.keyer.keyOf(live);
        ProfileInputs profileInputs = new ProfileInputs(op, detached, new InputSynthesizer(Arrays.deepHashCode(live)));
        int done = 0;
        int p = 0;
        Object passEvent = Events.passStarted();
        NestedPasses.StepAccount enclosing = NestedPasses.passStarted(start);
        try {
            for (; p < profiles.size(); p++) {
                stopIfInterrupted();
                Profile profile = profiles.get(p);
                ShapeKey key = op.keyer.keyOfProfile(profile.optShapes());
                if (!recheck && (op.hasEntry(key) || op.failedKeys.contains(key))) {
                    continue;
                }
                long elapsed = elapsed();
                if (elapsed > settings.opBudget().toNanos()) {
                    LOG.warn("autotune4j: op '{}' used its tuning budget ({} ms, autotune4j.opBudgetMs); profiles {}..{} "
                            + "of {} are left for later misses", op.name, settings.opBudget().toMillis(), p + 1,
                            profiles.size(), profiles.size());
                    return;
                }
                Object[] prepared = profileInputs.prepare(profile, inputs, key.equals(liveKey));
                if (prepared == null) {
                    continue;
                }
                if (op.config.inputsPreHook() != null) {
                    prepared = op.config.inputsPreHook().apply(prepared.clone());
                }
                progress = "profile " + (p + 1) + "/" + profiles.size() + " " + key;
                LOG.info("autotune4j: tuning {} {} (elapsed {} ms{})", op.name, progress, elapsed / 1_000_000,
                        done == 0 ? "" : ", ETA " + elapsed / done * (profiles.size() - p) / 1_000_000 + " ms");
                CacheEntry best = tuneProfile(profile, key, prepared);
                done++;
                if (recheck) {
                    rechecked = best;
                } else if (best != null) {
                    Events.profileTuned(op.name, key.toString(), best.key().runnerClass() + best.key().runnerId(),
                            StoredTactic.describe(best.tactic()), best.nanos(), best.fallbackNanos());
                    op.tuner.cache().put(best);
                    op.tuner.store().untuned().remove(op.name, key);
                    op.tuner.store().markTuned();
                    op.stats.tunedProfiles.increment();
                } else {
                    op.failedKeys.add(key);
                    if (op.tuner.logOnce().first(List.of(op.name, "no-valid"))) {
                        LOG.warn("autotune4j: op '{}' has no working (runner, tactic) for profile {}; it runs the fallback "
                                + "there (see the failures in the statistics)", op.name, key);
                    }
                }
            }
        } catch (BudgetSpent e) {
            LOG.warn("autotune4j: op '{}' used its tuning budget ({} ms, autotune4j.opBudgetMs) in profile {} of {}; "
                    + "the profiles left are tuned on later misses", op.name, settings.opBudget().toMillis(), p + 1,
                    profiles.size());
        } finally {
            long took = System.nanoTime() - start;
            op.stats.tuningNanos.add(took - nestedNanos);   // the nested ops' passes are in their own statistics
            NestedPasses.passEnded(enclosing, took);
            Events.passEnded(passEvent, op.name, done, profiles.size(), detached);
        }
    }

    private long elapsed() {
        return System.nanoTime() - start - nestedNanos;
    }

    /**
     * The profile's result: timed here, or shared with the tuner's group by the op's strategy (BROADCAST: rank 0
     * times, the others receive; MERGE and PARALLEL: the fastest over the ranks, the same on every rank).
     */
    private CacheEntry tuneProfile(Profile profile, ShapeKey key, Object[] inputs) {
        GroupExchange group = op.tuner.group();
        DistributedStrategy strategy = group == null ? DistributedStrategy.INDEPENDENT : group.strategy(op);
        if (strategy == DistributedStrategy.INDEPENDENT) {
            return timeRunners(profile, key, inputs);
        }
        try {
            if (strategy == DistributedStrategy.BROADCAST && group.rank() != 0) {
                CacheEntry received = group.receive(op, key);
                return received != null ? received : timeRunners(profile, key, inputs);
            }
            CacheEntry settled = group.settle(op, key, timeRunners(profile, key, inputs));
            // a rank lost with its share of the tactics: time them all here
            return strategy == DistributedStrategy.PARALLEL && group.alone() ? timeRunners(profile, key, inputs) : settled;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuningInterruptedException();
        }
    }

    /**
     * Warms every candidate, then lets the {@link Contest} sample them and pick the winner; returns its entry, or
     * null when every candidate failed.
     */
    private CacheEntry timeRunners(Profile profile, ShapeKey key, Object[] inputs) {
        List<Candidate> candidates = new ArrayList<>();
        GroupExchange group = op.tuner.group();
        int index = 0;
        for (int r = 0; r < op.runners.size(); r++) {
            Runner runner = op.runners.get(r);
            List<Object> tactics = new ArrayList<>();
            if (r == 0) {
                tactics.add(Runner.FALLBACK);
            }
            try {
                List<?> valid = runner.validTactics(inputs, profile);
                if (valid != null) {
                    for (Object t : valid) {
                        if (t != Runner.FALLBACK || r != 0) {
                            tactics.add(t);
                        }
                    }
                }
                if (!tactics.isEmpty()) {
                    runner.prepare(inputs);
                }
            } catch (Throwable e) {
                rethrowIfFatal(e);
                fail(r, "(validTactics/prepare)", key, e);
                continue;
            }
            for (Object t : tactics) {
                if (group != null && !group.timesCandidate(op, index++)) {
                    continue;   // PARALLEL: another rank times it
                }
                Candidate c = new Candidate(r, t);
                // the key is the tactic's JSON text, whose first writing loads Jackson's mapper (0.25 s in a fresh JVM)
                if (!hung.isEmpty() && hung.contains(hungKey(c))) {
                    c.failed = true;
                    c.failure = "hung earlier in this tuning pass; not timed again until the next pass";
                }
                candidates.add(c);
            }
        }
        if (op.tuner.checksAnswers()) {
            new AnswerCheck(op, this::guarded, (c, reason) -> {
                c.failed = true;
                c.failure = "wrong answer: " + reason;
                fail(c.runner, String.valueOf(c.tactic), key, new IllegalStateException(
                        "does not compute the fallback's answer (" + reason + "), so it cannot win"));
            }).check(candidates, key, inputs);
        }
        for (int retimes = 0; ; retimes++) {
            Contest contest = new Contest(op, key, this::guarded, retimes, detached);
            CacheEntry entry = time(contest, candidates, key, inputs, retimes == 0);
            if (entry == null || !contest.worthRetiming() || retimes >= RETIMES) {
                return entry;
            }
            LOG.debug("autotune4j: op '{}' profile {}: a time was still falling when its warmups ran out; timed again "
                    + "once the JIT is quiet", op.name, key);
            awaitQuietJit();
            for (Candidate c : candidates) {
                c.reset();
            }
        }
    }

    /** Warms every candidate that has not failed, then lets the contest sample them and decide. */
    private CacheEntry time(Contest contest, List<Candidate> candidates, ShapeKey key, Object[] inputs, boolean first) {
        try {
            if (first && timer instanceof CpuTimer cpu) {
                warmStatistics();
                WarmInTurns.warm(cpu, op, key, candidates, inputs, this::guarded);
                if (detached) {
                    awaitQuietJit();   // the top-tier compiles its warmup queued land first
                    contest.timedBeforeTopTier(TopTierWait.await(cpu, op, key, candidates, inputs, this::guarded,
                            TOP_TIER_WAIT_MILLIS), TOP_TIER_WAIT_MILLIS);
                } else {
                    // no sleeping while a caller waits: warming on lets the JIT settle, 10 ms in a warm JVM
                    WarmInTurns.untilJitSettled(cpu, op.runners, key, candidates, inputs, this::guarded,
                            op.tuner.timers().jit);
                }
            }
            for (int i = 0; i < candidates.size(); i++) {
                Candidate c = candidates.get(i);
                if (c.failed) {
                    continue;
                }
                logTacticProgress(c.runner, i, candidates.size());
                Runner runner = op.runners.get(c.runner);
                long t0 = System.nanoTime();
                if (first) {
                    op.stats.timedCandidates.increment();
                }
                c.timing = guarded(c, key, () -> timer.start(runner, inputs, c.tactic, op.config));
                c.spentNanos += System.nanoTime() - t0;
            }
            return contest.decide(candidates, timer, inputs);
        } finally {
            for (Candidate c : candidates) {
                if (c.timing != null) {
                    c.timing.close();
                }
            }
        }
    }

    /** The tuner's own statistics to top-tier code before the JVM's first CPU profile is timed; once per JVM. */
    private static void warmStatistics() {
        StatisticsWarmup.Result r = StatisticsWarmup.ensure();
        if (r != null) {
            LOG.debug("autotune4j: the tuner's statistics warmed in {} ms ({} calls){}", r.millis(), r.calls(),
                    r.cold().isEmpty() ? "" : "; still without top-tier code: " + r.cold());
        }
    }

    /**
     * Before a profile is timed again, and in the background before its first timing: a JIT still compiling (the
     * tuner's code in a young JVM, the service's after an attach) keeps a timing from settling (docs/benchmarks.md).
     */
    private void awaitQuietJit() {
        op.tuner.timers().jit.awaitQuietBeforeTiming();
    }

    private static String hungKey(Candidate c) {
        return c.runner + "/" + TacticCodec.display(c.tactic);
    }

    private static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new TuningInterruptedException();
        }
    }

    /**
     * Runs one step of a candidate under the hang watchdog; a failure marks the candidate and returns null. An
     * interrupt of the tuning thread is no failure of the candidate: it stops the pass.
     */
    <T> T guarded(Candidate c, ShapeKey key, java.util.concurrent.Callable<T> step) {
        stopIfInterrupted();
        NestedPasses.StepAccount nested = new NestedPasses.StepAccount();
        try {
            op.reentered = false;
            long left = settings.opBudget().toNanos() - elapsed();
            if (left <= 0) {
                throw new BudgetSpent();
            }
            long maxExcused = settings.opBudget().toNanos();   // a nested pass ends within its budget, unless it hangs
            T result = Watchdog.call(NestedPasses.accounted(c, nested, step), java.time.Duration.ofNanos(Math.min(
                    settings.tacticTimeout().toNanos(), left)), () -> Math.min(nested.nanos(), maxExcused));
            nestedNanos += nested.nanos();   // a step that hung is abandoned with what it took: that stays spent
            if (op.reentered) {
                c.failed = true;
                c.failure = "the tactic calls op '" + op.name + "' itself (directly or through another op): chosen, it "
                        + "would call itself without end, so it is skipped (its nested calls ran the fallback)";
                fail(c.runner, String.valueOf(c.tactic), key, new IllegalStateException(c.failure));
                return null;
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuningInterruptedException();
        } catch (BudgetSpent | TuningInterruptedException e) {
            throw e;
        } catch (Watchdog.HungException e) {
            c.failed = true;
            c.failure = e.getMessage();
            hung.add(hungKey(c));
            op.stats.abandonedThreads.increment();
            LOG.warn("autotune4j: op '{}': {} tactic {} on profile {} {}; it is not timed again in this pass. Abandoned "
                    + "threads so far: {} (each keeps running the tactic, and may hold a core, until it returns)",
                    op.name, op.runnerName(c.runner), c.tactic, key, e.getMessage(),
                    op.stats.abandonedThreads.sum());
            record(c.runner, String.valueOf(c.tactic), key, e);
        } catch (TimerUnusableException e) {
            c.failed = true;
            c.failure = e.getMessage();
            fail(c.runner, String.valueOf(c.tactic), key, e);
            throw e;
        } catch (Throwable e) {
            rethrowIfFatal(e);
            nestedNanos += nested.nanos();
            c.failed = true;
            c.failure = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
            fail(c.runner, String.valueOf(c.tactic), key, e);
        }
        return null;
    }

    /**
     * What a runner throws fails only that runner or tactic, {@code Error}s included: an {@link OutOfMemoryError}
     * or {@link StackOverflowError} of one tactic says nothing about the others (the heap and stack are back once it
     * unwinds). Only the JVM's own breakdowns ({@link InternalError}, {@link UnknownError}) go on up.
     */
    static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError) && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
    }

    private void logTacticProgress(int runner, int candidate, int candidates) {
        long now = System.nanoTime();
        if (now - lastProgressLog > 1_000_000_000L) {
            lastProgressLog = now;
            LOG.info("autotune4j: tuning {} {} tactic {}/{} (runner {}, elapsed {} ms)", op.name, progress,
                    candidate + 1, candidates, runner, elapsed() / 1_000_000);
        } else {
            LOG.debug("autotune4j: tuning {} {} tactic {}/{} (runner {})", op.name, progress, candidate + 1,
                    candidates, runner);
        }
    }

    /** Records a failure in the op's statistics; returns it. */
    private Failure record(int runner, String tactic, ShapeKey key, Throwable e) {
        String reason = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        Failure failure = new Failure(op.name, op.runnerName(runner), tactic, key.toString(), reason);
        op.stats.recordFailure(failure);
        Events.tacticFailed(op.name, failure.runner(), tactic, failure.profile(), reason);
        return failure;
    }

    private void fail(int runner, String tactic, ShapeKey key, Throwable e) {
        Failure failure = record(runner, tactic, key, e);
        if (op.tuner.logOnce().first(List.of(op.name, "failure", runner, tactic))) {
            LOG.warn("autotune4j: op '{}': {} failed while tuning and is skipped for this profile", op.name, failure);
        }
        LOG.debug("autotune4j: failure detail", e);
    }
}
