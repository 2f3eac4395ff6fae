package dev.autotune4j.measure;

import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.profile.InputSynthesizer;

/**
 * Times a tactic on the CPU so that the JIT does not pick the winner: the tactic is warmed until it has run
 * {@link #TOP_TIER_CALLS} times in this JVM (HotSpot's top tier needs them) and its per-call time stops falling and
 * the JIT stops compiling (within a budget), then sampled in batches of
 * {@link System#nanoTime()} long enough for the clock to be precise; the tuner interleaves the samples of a
 * profile's candidates and keeps each one's median with its spread. Results are
 * consumed so the work cannot be eliminated. With {@link TuningConfig#coldCache()} the calls rotate over
 * copies of the inputs sized from the last-level cache, as the reference does with the GPU's L2.
 */
public final class CpuTimer implements TacticTimer {
    /** A round of warmup counts as an improvement when it is this much faster than the best so far. */
    private static final double IMPROVEMENT = 0.98;
    /** Rounds without improvement after which the tactic counts as warm. */
    private static final int STABLE_ROUNDS = 5;
    /**
     * Calls of one tactic, over every profile of this JVM, before its time counts as its top tier's: HotSpot moves a
     * method with loops to C2 once it has run Tier4MinInvocationThreshold (600) times and its loops enough, and a
     * busy compile queue scales those thresholds up (Tier4LoadFeedback). Measured on six copies of one 20 us loop,
     * first profile of a fresh JVM: with 2 (the old default) identical copies timed 12, 19.5 and 27 us (C2, OSR,
     * C1 code) and one was accepted as 1.4x faster; with 1000, 2 fresh JVMs of 4 still had a copy at 26 us; with
     * 3000, 4 of 4 had all six within 2% of JMH's 12.6 us. Once a tactic has had them, later profiles warm as before.
     */
    static final long TOP_TIER_CALLS = 3000;
    /**
     * Calls of one warming turn at most ({@link #warmRound}; a turn also ends after {@link #WARMUP_ROUND_NANOS}).
     * Turns bounded by time alone let a cheap tactic make its 3000 calls in one turn while the others had a few
     * hundred: at 0.1 us a call a 1 ms turn is 10,000 calls, and a turn spent in a deoptimization makes fewer. Capped,
     * tactics of a like cost reach the top tier within one turn's calls of each other, as warming in turns means.
     */
    static final long TURN_CALLS = TOP_TIER_CALLS / 12;
    /** The top-tier calls are made within this many warmup budgets per profile at most. */
    private static final int TOP_TIER_BUDGETS = 4;
    /**
     * While its rounds take page faults (the heap's first touch, see {@link PageFaults}) a tactic warms for up to
     * this many warmup budgets, and a quarter of its tactic budget at most: at the defaults 0.5 s, most of the 0.6 s
     * the 2-core VM's fresh JVM took to touch its 224 MB young generation once.
     */
    private static final int FAULT_BUDGETS = 20;
    /** Calls made so far per (runner class, runner id, tactic), in this JVM. */
    private static final java.util.concurrent.ConcurrentHashMap<java.util.List<Object>, java.util.concurrent.atomic.LongAdder>
            CALLS = new java.util.concurrent.ConcurrentHashMap<>();
    /** Warmup lasts at least this long (or half the budget, if less): C2 compiles of a hot method take ms. */
    private static final long MIN_WARMUP_NANOS = 20_000_000;
    /** Length of one warmup round: long enough that a background JIT compile lands within a few rounds. */
    private static final long WARMUP_ROUND_NANOS = 1_000_000;
    /** Samples taken for tactics slower than the short-profile threshold (the reference's profile_fewer_repeat). */
    private static final int FEWER_REPEAT = 2;
    /**
     * A sample is taken again when its thread waited for a CPU for more than this part of it: at 2% a wait cannot
     * move a median by the few percent a pick turns on, and on a quiet host almost no sample reaches it.
     */
    static final double CONTENDED = 0.02;
    /** Times one sample is taken again at most; then the last is kept. */
    static final int MAX_RETAKES = 8;

    private final TimingSettings settings;
    private volatile Object[][] lastBatches;

    public CpuTimer(TimingSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean accepts(Object[] inputs) {
        return true;
    }

    @Override
    public Timing start(Runner runner, Object[] inputs, Object tactic, TuningConfig config) throws Exception {
        int repeat = config.repeat() > 0 ? config.repeat() : settings.repeat();
        Timer timer = new Timer(runner, tactic, batches(inputs, config.coldCache(), repeat), settings.retakeContended());
        long start = System.nanoTime();
        java.util.concurrent.atomic.LongAdder before = calls(runner, tactic);
        long earlier = before.sum();

        double best = timer.time(1);
        int calls = 1;
        int batch = batchSize(best, WARMUP_ROUND_NANOS);
        int minWarmup = config.warmup() >= 0 ? config.warmup() : settings.minWarmupCalls();
        int stale = 0;
        boolean faulting = false;
        long jitAtStreakStart = Jit.compileMillis();
        long budget = settings.warmupBudget().toNanos();
        // a compile in progress is invisible until it ends: warm for at least part of the budget regardless
        long minimum = Math.min(budget / 2, MIN_WARMUP_NANOS);
        // faults may stretch the warmup by this much, leaving the tactic's budget room for its samples
        long faultBudget = Math.min(FAULT_BUDGETS * budget, settings.tacticBudget().toNanos() / 4);
        while (calls < minWarmup || System.nanoTime() - start < minimum
                || (stale < STABLE_ROUNDS && System.nanoTime() - start < budget)
                || (earlier + calls < TOP_TIER_CALLS && System.nanoTime() - start < TOP_TIER_BUDGETS * budget)
                || (faulting && System.nanoTime() - start < faultBudget)) {
            long faults = PageFaults.minor();
            double perCall = timer.time(batch);
            calls += batch;
            faulting = faults >= 0 && PageFaults.spoiled(PageFaults.minor() - faults, perCall * batch);
            if (faulting) {
                // the heap's first touch: says nothing of whether the tactic's code settled, either way
                best = Math.min(best, perCall);
                batch = batchSize(perCall, WARMUP_ROUND_NANOS);
                continue;
            }
            long jit = Jit.compileMillis();
            if (perCall < best * IMPROVEMENT || jit != jitAtStreakStart) {
                // faster, or the JIT compiled something meanwhile (it may be this tactic, about to get faster)
                best = Math.min(best, perCall);
                stale = 0;
                jitAtStreakStart = jit;
            } else {
                stale++;
            }
            batch = batchSize(perCall, WARMUP_ROUND_NANOS);
        }
        before.add(calls);
        // still getting faster, or the JIT still compiling, when the budget ran out: not yet a verdict (warming
        // again would not help a tactic still faulting: a faulting sample is taken again instead)
        timer.settled = stale >= STABLE_ROUNDS || faulting;
        timer.batch = batchSize(best, settings.minSampleTime().toNanos());
        timer.wanted = best > settings.shortProfileThreshold().toNanos() ? Math.min(FEWER_REPEAT, repeat) : repeat;
        return timer;
    }

    private static java.util.concurrent.atomic.LongAdder calls(Runner runner, Object tactic) {
        return CALLS.computeIfAbsent(java.util.Arrays.asList(runner.getClass(), runner.id(), tactic),
                k -> new java.util.concurrent.atomic.LongAdder());
    }

    /** Whether the tactic has had the calls HotSpot's top tier needs, in this JVM ({@link #TOP_TIER_CALLS}). */
    public static boolean hadTopTierCalls(Runner runner, Object tactic) {
        return calls(runner, tactic).sum() >= TOP_TIER_CALLS;
    }

    /** How long warming in turns ({@link #warmRound}) may take per tactic and profile: as the top-tier calls may. */
    public long warmInTurnsBudgetNanos() {
        return TOP_TIER_BUDGETS * settings.warmupBudget().toNanos();
    }

    /**
     * Calls the tactic for one warming turn (at least once, {@link #TURN_CALLS} at most), untimed, counting the calls
     * toward its top-tier calls. For warming a profile's candidates in turns before any is timed, so that code they
     * share is compiled with all of them in its profile, whatever order they are then timed in.
     */
    public void warmRound(Runner runner, Object[] inputs, Object tactic) throws Exception {
        Sink sink = new Sink();
        long t0 = System.nanoTime();
        int n = 0;
        do {
            sink.consume(runner.run(inputs, tactic));
            n++;
        } while (n < TURN_CALLS && System.nanoTime() - t0 < WARMUP_ROUND_NANOS);
        calls(runner, tactic).add(n);
    }

    /**
     * Warms and times one tactic alone, its samples back to back. For tools and tests; the tuner interleaves
     * the candidates of a profile instead (see {@link TacticTimer}).
     */
    public Measurement measure(Runner runner, Object[] inputs, Object tactic, TuningConfig config) throws Exception {
        Timing timing = start(runner, inputs, tactic, config);
        double[] samples = new double[timing.samplesWanted()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = timing.sample();
        }
        return Measurement.of(samples, samples.length);
    }

    /** The input copies to rotate over; shared by the candidates of one profile (same inputs array). */
    private Object[][] batches(Object[] inputs, boolean cold, int repeat) {
        if (!cold) {
            return new Object[][] {inputs};
        }
        Object[][] cached = lastBatches;
        if (cached != null && cached[0] == inputs) {
            return cached;
        }
        Object[][] copies = coldCopies(inputs, repeat);
        lastBatches = copies;
        return copies;
    }

    private static int batchSize(double perCallNanos, long targetNanos) {
        double wanted = targetNanos / Math.max(perCallNanos, 1.0);
        return (int) Math.max(1, Math.min(1 << 20, Math.ceil(wanted)));
    }

    /** Copies of the inputs that together exceed the last-level cache three times (at most repeat + 1). */
    static Object[][] coldCopies(Object[] inputs, int repeat) {
        long bytes = 0;
        for (Object x : inputs) {
            bytes += InputSynthesizer.bytes(x);
        }
        if (bytes <= 0) {
            return new Object[][] {inputs};
        }
        int count = CacheSizes.coldCopies(CacheSizes.lastLevelCacheBytes(), bytes, repeat);
        Object[][] out = new Object[count][];
        out[0] = inputs;
        for (int c = 1; c < count; c++) {
            out[c] = new Object[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                Object copy = InputSynthesizer.copy(inputs[i]);
                out[c][i] = copy != null ? copy : inputs[i];
            }
        }
        return out;
    }

    /** Runs batches of calls, rotating over the input copies, and returns the mean time of one call. */
    private static final class Timer implements Timing {
        private final Runner runner;
        private final Object tactic;
        private final Object[][] batches;
        private final Sink sink = new Sink();
        private final boolean retake;
        private int cursor;
        int batch = 1;
        int wanted = 1;
        boolean settled = true;

        Timer(Runner runner, Object tactic, Object[][] batches, boolean retake) {
            this.runner = runner;
            this.tactic = tactic;
            this.batches = batches;
            this.retake = retake;
        }

        @Override
        public int samplesWanted() {
            return wanted;
        }

        @Override
        public boolean settled() {
            return settled;
        }

        /**
         * One batch, timed; taken again (at most {@link #MAX_RETAKES} times) when page faults spoiled it (the heap's
         * first touch, see {@link PageFaults}; the warmup has waited for most of it already), or, with
         * {@code contention=retake}, when this thread waited for a CPU for more than {@link #CONTENDED} of it
         * (between such tries the tuner sleeps as long as the spoiled sample took: a busy host is what the service
         * needs the cores for). When every try faulted, the fastest is kept, and the timing no longer counts as
         * settled: keeping the last one kept the worst of a bad spell (8 busy threads on 2 cores: 60 us samples of
         * a 0.3 us tactic).
         */
        @Override
        public double sample() throws Exception {
            double fastestFaulted = Double.MAX_VALUE;
            for (int attempt = 0; ; attempt++) {
                long faults0 = PageFaults.minor();
                long waited0 = retake ? RunQueueDelay.nanos() : -1;
                long t0 = System.nanoTime();
                double perCall = time(batch);
                long wall = System.nanoTime() - t0;
                long waited = waited0 < 0 ? 0 : RunQueueDelay.nanos() - waited0;
                boolean faulted = faults0 >= 0 && PageFaults.spoiled(PageFaults.minor() - faults0, wall);
                if (faulted) {
                    fastestFaulted = Math.min(fastestFaulted, perCall);
                    if (attempt >= MAX_RETAKES) {
                        settled = false;
                        return fastestFaulted;
                    }
                    PageFaults.retaken();
                    continue;
                }
                if (waited <= CONTENDED * wall || attempt >= MAX_RETAKES) {
                    return perCall;   // a clean sample, or the host stayed busy
                }
                Contention.retaken();
                Thread.sleep(Math.max(1, wall / 1_000_000));
            }
        }

        double time(int calls) throws Exception {
            long t0 = System.nanoTime();
            for (int c = 0; c < calls; c++) {
                Object[] inputs = batches[cursor];
                cursor = cursor + 1 == batches.length ? 0 : cursor + 1;
                sink.consume(runner.run(inputs, tactic));
            }
            return (double) (System.nanoTime() - t0) / calls;
        }
    }
}
