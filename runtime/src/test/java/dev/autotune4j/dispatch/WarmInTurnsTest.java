package dev.autotune4j.dispatch;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.measure.CpuTimer;
import dev.autotune4j.measure.TimingSettings;
import dev.autotune4j.profile.ShapeKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The candidates of a profile warm in turns before any is timed, so code they share is compiled for all of them
 * (see {@link WarmInTurns}): no candidate has had the top tier's calls while another has had few.
 */
class WarmInTurnsTest {

    /** Three tactics through one shared method, as an enum tactic passed into one method is; records the calls. */
    static final class Shared implements Runner {
        final String id = UUID.randomUUID().toString();
        final Map<Object, AtomicLong> calls = new ConcurrentHashMap<>();
        /** Calls of the others when the first tactic to get 3000 calls got them. */
        volatile Map<Object, Long> whenFirstReachedTopTier;
        /** Runs of consecutive calls of one tactic (its turns), per tactic, and the longest run; one calling thread. */
        final Map<Object, Long> turns = new java.util.HashMap<>();
        long longestTurn;
        private Object lastTactic;
        private long turn;

        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(1, 2);
        }

        @Override
        public String id() {
            return id;   // a runner no other test warmed: its calls in this JVM start at 0
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            long n = calls.computeIfAbsent(tactic, t -> new AtomicLong()).incrementAndGet();
            if (!tactic.equals(lastTactic)) {
                turns.merge(tactic, 1L, Long::sum);
                lastTactic = tactic;
                turn = 0;
            }
            longestTurn = Math.max(longestTurn, ++turn);
            if (n == 3000 && whenFirstReachedTopTier == null) {
                Map<Object, Long> others = new java.util.HashMap<>();
                calls.forEach((t, c) -> others.put(t, c.get()));
                whenFirstReachedTopTier = others;
            }
            return shared((int[]) inputs[0], tactic == FALLBACK ? 0 : (Integer) tactic);
        }

        private static long shared(int[] x, int path) {
            long s = 0;
            for (int i = 0; i < x.length; i++) {
                s += path == 0 ? x[i] : path == 1 ? x[i] * 3L : x[i] ^ 5;
            }
            return s;
        }
    }

    @Test
    void noCandidateReachesTheTopTierBeforeTheOthersHaveWarmedToo() {
        // warmed one after the other, the first would have 3000 calls while the others had one (the answer check)
        assertWarmedAlike(warmUntilTheFirstReachesTheTopTier(256));
    }

    /**
     * A tactic of 0.1 us makes 10,000 calls in a 1 ms turn: turns bounded by time alone gave the first candidate its
     * 3000 calls in its first turn, before the others had any (and at 256 elements, now and then, when a deoptimization
     * slowed one turn: 752 calls against 3000 in one build). Turns are capped by calls too.
     */
    @Test
    void aCheapTacticDoesNotMakeItsTopTierCallsInOneTurn() {
        assertWarmedAlike(warmUntilTheFirstReachesTheTopTier(4));
    }

    private static Map<Object, Long> warmUntilTheFirstReachesTheTopTier(int elements) {
        AutoTuner tuner = new AutoTuner(dev.autotune4j.measure.TimingSettings.defaults());
        Shared runner = new Shared();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("shared", List.of(runner), TuningConfig.defaults(), (Object) new int[elements]);
        }
        return runner.whenFirstReachedTopTier;
    }

    private static void assertWarmedAlike(Map<Object, Long> others) {
        assertTrue(others != null && others.size() == 3, String.valueOf(others));
        for (Map.Entry<Object, Long> e : others.entrySet()) {
            // within a turn's 250 calls of each other, and some margin for a turn cut short by its millisecond
            assertTrue(e.getValue() >= 2000, "calls of each tactic when the first had 3000: " + others);
        }
    }

    /** At the defaults: warming for a settled JIT lasts 0.2 s at most, as the top-tier calls may. */
    private static final CpuTimer TIMER = new CpuTimer(TimingSettings.defaults());

    /** A JIT that finishes a compile at every reading until {@code activeNanos} after it was made, then none. */
    private static final class CompilingFor implements JitReadings {
        final long until;
        final AtomicLong compiles = new AtomicLong();

        CompilingFor(long activeNanos) {
            until = System.nanoTime() + activeNanos;
        }

        @Override
        public long compileMillis() {
            return System.nanoTime() < until ? compiles.incrementAndGet() : compiles.get();
        }

        @Override
        public long compilerCpuNanos() {
            return -1;
        }

        @Override
        public boolean awaitQuiet(long quietMillis, long maxMillis) {
            throw new AssertionError("warming does not sleep: code that does not run is not promoted");
        }
    }

    private static <T> T unguarded(Candidate c, ShapeKey key, java.util.concurrent.Callable<T> step) {
        try {
            return step.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long warmUntilSettled(Shared runner, JitReadings jit) {
        return warmUntilSettled(runner, jit, List.of(new Candidate(0, Runner.FALLBACK), new Candidate(0, 1),
                new Candidate(0, 2)));
    }

    private static long warmUntilSettled(Shared runner, JitReadings jit, List<Candidate> candidates) {
        return WarmInTurns.untilJitSettled(TIMER, List.of(runner),
                ShapeKey.of(new long[][] {{64}}), candidates, new Object[] {new int[64]}, WarmInTurnsTest::unguarded, jit);
    }

    /**
     * While the JIT still compiles, the candidates warm on, in turns: in a fresh JVM whose C2 queue is long a cheap
     * tactic makes the top tier's calls long before its C2 code lands, and was timed on C1's code.
     */
    @Test
    void theCandidatesWarmOnInTurnsWhileTheJitCompiles() {
        Shared runner = new Shared();
        long warmed = warmUntilSettled(runner, new CompilingFor(150_000_000));
        assertTrue(warmed >= 150_000_000, "warmed " + warmed / 1_000_000 + " ms");
        assertEquals(java.util.Set.of(Runner.FALLBACK, 1, 2), runner.calls.keySet());
        long fewest = runner.calls.values().stream().mapToLong(AtomicLong::get).min().orElseThrow();
        assertTrue(fewest >= 1000, runner.calls.toString());
        // in turns: each candidate one turn (250 calls at most, fewer when its millisecond runs out) in every round
        long fewestTurns = runner.turns.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long mostTurns = runner.turns.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(mostTurns - fewestTurns <= 1 && runner.longestTurn <= 250, runner.turns + ", longest turn "
                + runner.longestTurn + " calls");
    }

    /**
     * A JIT that never settles (busy with the service's code) is waited on for the bound, not for ever, and the
     * wait is not charged to the candidates' tactic budgets: charged, a JIT busy with other tests' code spent the
     * 200 ms budgets of {@code TimingSettings.quick()} before a sample was taken, and a 1000x win was not seen.
     */
    @Test
    void aJitThatNeverSettlesIsWaitedOnForTheBoundOnly() {
        List<Candidate> candidates = List.of(new Candidate(0, Runner.FALLBACK), new Candidate(0, 1));
        long warmed = warmUntilSettled(new Shared(), new CompilingFor(Long.MAX_VALUE / 4), candidates);
        assertTrue(warmed >= TIMER.warmInTurnsBudgetNanos(), "warmed " + warmed / 1_000_000 + " ms");
        assertEquals(List.of(0L, 0L), candidates.stream().map(c -> c.spentNanos).toList());
    }

    /** A JIT already settled costs one settled stretch of warming: later profiles of a warm JVM pay little. */
    @Test
    void aSettledJitCostsOneStretch() {
        long warmed = warmUntilSettled(new Shared(), new CompilingFor(0));
        assertTrue(warmed >= WarmInTurns.SETTLED_NANOS && warmed < TIMER.warmInTurnsBudgetNanos(),
                "warmed " + warmed / 1_000_000 + " ms");
    }
}
