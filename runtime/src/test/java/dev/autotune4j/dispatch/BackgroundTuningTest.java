package dev.autotune4j.dispatch;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tuning off the request path (issue 11): a miss never waits, never times, and is never held by a hung tactic. */
class BackgroundTuningTest {
    private static final TuningConfig ROWS = TuningConfig.builder()
            .dynamic(0, 0, Buckets.of(1, 2, 4, 8), Buckets.nextPowerOfTwo()).build();

    /** Tactic t spins t microseconds (the fallback 60), records the threads and arguments it ran with. */
    static final class Recording implements Runner {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final Set<Object> arguments = ConcurrentHashMap.newKeySet();
        final List<Integer> rowsTuned = new CopyOnWriteArrayList<>();
        volatile int hangOn = -1;
        volatile CountDownLatch gate;

        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            rowsTuned.add(((float[][]) inputs[0]).length);
            return List.of(5, 20);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) throws Exception {
            threads.add(Thread.currentThread().getName());
            arguments.add(inputs[0]);
            CountDownLatch g = gate;
            if (g != null) {
                g.await();
            }
            ((float[][]) inputs[0])[0][0] = Float.NaN;   // a tactic that writes into its argument
            if (tactic.equals(hangOn)) {
                while (true) {
                    Thread.onSpinWait();   // ignores interrupts: a truly hung tactic
                }
            }
            long end = System.nanoTime() + 1000L * (tactic == FALLBACK ? 60 : (Integer) tactic);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return tactic;
        }
    }

    private static AutoTuner backgroundTuner() {
        AutoTuner t = Tuners.quickWithTimeout(Duration.ofMillis(300));
        t.background().setEnabled(true);
        t.setMode(Mode.TUNE);
        return t;
    }

    @Test
    void aMissRunsTheFallbackAtOnceAndOnlyItsBucketIsTunedInTheBackground() throws Exception {
        AutoTuner tuner = backgroundTuner();
        Recording runner = new Recording();
        float[][] mine = new float[3][8];
        Choice first = tuner.chooseOne("bg", List.of(runner), ROWS, (Object) mine);
        assertTrue(first.isFallback(), "the caller does not wait for tuning");
        assertTrue(tuner.background().awaitIdle(30_000));
        assertEquals(1, tuner.cacheEntries().size(), "only bucket 4, the one that was hit");
        assertEquals("[[4,8]]", tuner.cacheEntries().get(0).key().profile().toString());
        assertEquals(5, tuner.chooseOne("bg", List.of(runner), ROWS, (Object) mine).tactic());
        assertFalse(runner.threads.contains(Thread.currentThread().getName()), "no tactic ran on the caller's thread");
        assertFalse(runner.arguments.contains(mine), "tactics never get the caller's own array");
        assertEquals(0.0f, mine[0][0], "and never write into it");
        OpStatistics stats = tuner.statistics().op("bg").orElseThrow();
        assertEquals(1, stats.tunedProfiles());
        assertEquals(1, stats.misses());
        assertEquals(0, tuner.background().rechecked(), "a clear pick (5 us; 20 and 60 the others) is not timed again");
        tuner.setMode(Mode.REPLAY);
    }

    /**
     * The code a tactic calls can change after it was timed (the JIT compiles a service's shared code again as new
     * callers reach it): a pick with a rival within 1.5x is timed once more when the queue is empty, and a pick the
     * later code turns replaces the entry. Here the candidate runs 80 us until the first entry is published, then
     * 30 us; the fallback 60 us throughout.
     */
    @Test
    void aClosePickIsTimedAgainOnceTheQueueIsEmptyAndFollowsTheCode() throws Exception {
        AutoTuner tuner = backgroundTuner();
        Runner drifting = drifting(tuner);
        float[][] x = new float[3][8];
        assertTrue(tuner.chooseOne("drift", List.of(drifting), ROWS, (Object) x).isFallback());
        assertTrue(tuner.background().awaitIdle(60_000));
        assertEquals(1, tuner.background().rechecked());
        assertEquals(1, tuner.background().recheckChanged());
        assertEquals(1, tuner.cacheEntries().size(), "the new pick replaced the entry");
        assertEquals(1, tuner.chooseOne("drift", List.of(drifting), ROWS, (Object) x).tactic());
        assertEquals(0, tuner.background().queued());
        tuner.setMode(Mode.REPLAY);
    }

    /** A candidate 80 us a call until the tuner has its first entry, then 30 us (its code changed); the fallback 60. */
    private static Runner drifting(AutoTuner tuner) {
        return new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of(1);
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                long micros = tactic == FALLBACK ? 60 : tuner.cacheEntries().isEmpty() ? 80 : 30;
                long end = System.nanoTime() + 1000 * micros;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                return tactic;
            }
        };
    }

    /** {@code autotune4j.recheck=off}: the same drifting candidate, its first pick kept as timed. */
    @Test
    void withRechecksOffAClosePickStaysAsFirstTimed() throws Exception {
        AutoTuner tuner = backgroundTuner();
        tuner.background().setRecheck(false);
        Runner drifting = drifting(tuner);
        float[][] x = new float[3][8];
        assertTrue(tuner.chooseOne("drift", List.of(drifting), ROWS, (Object) x).isFallback());
        assertTrue(tuner.background().awaitIdle(60_000));
        assertEquals(0, tuner.background().rechecked());
        assertTrue(tuner.chooseOne("drift", List.of(drifting), ROWS, (Object) x).isFallback(),
                "the fallback, timed faster than the candidate's 80 us, stays");
        assertEquals("off", new TunerBean(tuner).getBackgroundRechecked());
        tuner.setMode(Mode.REPLAY);
    }

    /** A latency check must tell the attach's cost (the JIT recompiling, the tuner still waiting) from tuning's. */
    @Test
    void theTunerSaysWhenItsFirstPassBegins() throws Exception {
        AutoTuner tuner = backgroundTuner();
        Recording runner = new Recording();
        runner.gate = new CountDownLatch(1);
        assertFalse(tuner.background().begun(), "nothing was missed yet: no tuner thread");
        assertTrue(tuner.chooseOne("begun", List.of(runner), ROWS, (Object) new float[3][8]).isFallback());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (runner.rowsTuned.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of(4), runner.rowsTuned, "the first pass runs (held at the gate)");
        assertTrue(tuner.background().begun(), "so the tuner has begun");
        runner.gate.countDown();
        assertTrue(tuner.background().awaitIdle(30_000));
        assertTrue(tuner.background().begun());
        tuner.setMode(Mode.REPLAY);
    }

    @Test
    void aHungTacticNeverHoldsTheCaller() throws Exception {
        AutoTuner tuner = Tuners.quickWithTimeout(Duration.ofSeconds(2));
        tuner.background().setEnabled(true);
        tuner.setMode(Mode.TUNE);
        Recording runner = new Recording();
        runner.hangOn = 20;
        for (int i = 0; i < 50; i++) {
            assertTrue(tuner.chooseOne("hang", List.of(runner), ROWS, (Object) new float[3][8]).isFallback());
        }
        // not a stopwatch: the 50 calls are back while the tuner is still held by the hung tactic (2 s timeout)
        assertEquals(1, tuner.background().queued(), "the hung pass is still on the tuner's thread");
        assertTrue(tuner.background().awaitIdle(30_000));
        assertEquals(5, tuner.chooseOne("hang", List.of(runner), ROWS, (Object) new float[3][8]).tactic());
        OpStatistics stats = tuner.statistics().op("hang").orElseThrow();
        assertEquals(1, stats.abandonedThreads());
        assertTrue(stats.failures().stream().anyMatch(f -> f.toString().contains("20")), stats.failures().toString());
        tuner.setMode(Mode.REPLAY);
    }

    @Test
    void theMostCalledProfileIsTunedFirst() throws Exception {
        AutoTuner tuner = backgroundTuner();
        Recording runner = new Recording();
        runner.gate = new CountDownLatch(1);
        tuner.chooseOne("order", List.of(runner), ROWS, (Object) new float[1][8]);   // the tuner takes this one, and waits
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runner.rowsTuned.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        tuner.chooseOne("order", List.of(runner), ROWS, (Object) new float[2][8]);
        for (int i = 0; i < 5; i++) {
            tuner.chooseOne("order", List.of(runner), ROWS, (Object) new float[7][8]);
        }
        assertEquals(3, tuner.background().queued());
        runner.gate.countDown();
        assertTrue(tuner.background().awaitIdle(30_000));
        assertEquals(List.of(1, 8, 2), runner.rowsTuned.stream().distinct().toList(), "bucket 8 (5 calls) before 2 (1 call)");
        tuner.setMode(Mode.REPLAY);
    }

    @Test
    void sessionsTuneInlineAsTheReferenceDoes() {
        AutoTuner tuner = Tuners.quick();
        tuner.background().setEnabled(true);
        Recording runner = new Recording();
        try (TuningSession s = tuner.tune()) {
            assertEquals(5, tuner.chooseOne("inline", List.of(runner), ROWS, (Object) new float[3][8]).tactic());
        }
        assertEquals(4, tuner.cacheEntries().size(), "the reference's sweep: every bucket");
    }

    @Test
    void theFullSweepIsASetting() throws Exception {
        AutoTuner tuner = backgroundTuner();
        tuner.background().setFullSweep(true);
        tuner.chooseOne("sweep", List.of(new Recording()), ROWS, (Object) new float[3][8]);
        assertTrue(tuner.background().awaitIdle(30_000));
        assertEquals(4, tuner.cacheEntries().size());
        tuner.setMode(Mode.REPLAY);
    }
}
