package dev.autotune4j.dispatch;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
}
