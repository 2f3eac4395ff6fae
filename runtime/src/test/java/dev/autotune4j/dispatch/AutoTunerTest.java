package dev.autotune4j.dispatch;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.DynamicDimSpec;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.Runners;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.cache.CacheEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoTunerTest {

    /** Tactic 2 is the fastest everywhere; the fallback is slowest. */
    private static SpinRunner gemm() {
        return new SpinRunner("gemm", Map.of(0, 60, 1, 40, 2, 5), 80);
    }

    /** Ported from TensorRT-LLM {@code test_autotuner.py::test_autotuner_cache_basic}. */
    @Test
    void tuneCachesTheFastestTacticPerProfileAndReplaysIt() {
        AutoTuner tuner = Tuners.quick();
        SpinRunner runner = gemm();
        TuningConfig config = TuningConfig.builder().dynamic(DynamicDimSpec.of(0, 0, 1, 2, 4)).build();
        List<SpinRunner> runners = List.of(runner);

        try (TuningSession s = tuner.tune()) {
            Choice c = tuner.chooseOne("gemm", runners, config, (Object) new float[3][8]);
            assertEquals(2, c.tactic());
            assertFalse(c.isFallback());
        }
        // buckets 1, 2, 4 plus the live 3
        assertEquals(4, tuner.cacheEntries().size());
        assertEquals(4, tuner.statistics().op("gemm").orElseThrow().tunedProfiles());

        assertEquals(Mode.REPLAY, tuner.mode());
        for (int rows : new int[] {1, 2, 3, 4}) {
            Choice c = tuner.chooseOne("gemm", runners, config, (Object) new float[rows][8]);
            assertEquals(2, c.tactic(), "rows=" + rows);
        }
        assertEquals(0, tuner.statistics().op("gemm").orElseThrow().misses());
    }

    /**
     * The reference's 3 x 4 buckets: 12 entries that survive save, clear and load.
     *
     * <p>Ported from TensorRT-LLM {@code test_autotuner.py::test_multiple_dynamic_shapes_cache}.
     */
    @Test
    void twelveEntriesSurviveSaveClearAndLoad(@TempDir Path dir) throws Exception {
        AutoTuner tuner = Tuners.quick();
        SpinRunner runner = new SpinRunner("mm", Map.of(0, 20, 1, 3), 30);
        TuningConfig config = TuningConfig.builder()
                .dynamic(DynamicDimSpec.of(0, 0, 1, 2, 4))
                .dynamic(DynamicDimSpec.of(0, 1, 8, 16, 32, 64))
                .build();
        Path file = dir.resolve("tuning.json");
        try (TuningSession s = tuner.tune(file)) {
            tuner.chooseOne("mm", List.of(runner), config, (Object) new float[4][64]);
        }
        assertEquals(12, tuner.cacheEntries().size());
        Path saved = dir.resolve("tuning.rank0.json");
        assertTrue(Files.exists(saved), "the session saves the rank-0 file");

        tuner.clearCache();
        assertEquals(0, tuner.cacheEntries().size());
        assertEquals(12, tuner.loadCache(saved));

        AutoTuner fresh = Tuners.quick();
        assertEquals(12, fresh.loadCache(saved));
        SpinRunner again = new SpinRunner("mm", Map.of(0, 20, 1, 3), 30);
        for (int rows : new int[] {1, 2, 4}) {
            for (int cols : new int[] {8, 16, 32, 64}) {
                Choice c = fresh.chooseOne("mm", List.of(again), config, (Object) new float[rows][cols]);
                assertEquals(1, c.tactic(), rows + "x" + cols);
            }
        }
        assertEquals(0, fresh.statistics().op("mm").orElseThrow().tunedProfiles(), "replay does no tuning");
        assertEquals(0, fresh.statistics().op("mm").orElseThrow().misses());
    }

    /** Ported from TensorRT-LLM {@code test_autotuner.py::test_autotuner_try_block}. */
    @Test
    void crashingTacticIsNeverChosenAndIsRecorded() {
        AutoTuner tuner = Tuners.quick();
        // tactic 0 would be the fastest, but it throws
        SpinRunner runner = new SpinRunner("crash", Map.of(0, 1, 1, 30, 2, 10), 50, Set.of(0));
        TuningConfig config = TuningConfig.builder().dynamic(DynamicDimSpec.of(0, 0, 2, 4)).build();
        try (TuningSession s = tuner.tune()) {
            Choice c = tuner.chooseOne("crash", List.of(runner), config, (Object) new float[2][4]);
            assertEquals(2, c.tactic());
        }
        OpStatistics stats = tuner.statistics().op("crash").orElseThrow();
        assertEquals(2, stats.failures().size(), "tactic 0 failed on both profiles");
        assertTrue(stats.failures().get(0).reason().contains("tactic 0 crashes"));
        for (CacheEntry e : tuner.cacheEntries()) {
            assertNotEquals(0, e.liveTactic());
        }
    }

    @Test
    void whenEveryTacticFailsTheFallbackIsUsed() {
        AutoTuner tuner = Tuners.quick();
        Runner broken = new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of(1, 2);
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                if (tactic == FALLBACK) {
                    throw new IllegalStateException("even the fallback fails while tuning");
                }
                throw new IllegalStateException("tactic " + tactic + " is broken");
            }
        };
        try (TuningSession s = tuner.tune()) {
            Choice c = tuner.chooseOne("broken", List.of(broken), TuningConfig.defaults(), (Object) new float[3]);
            assertTrue(c.isFallback());
        }
        assertEquals(0, tuner.cacheEntries().size());
        assertEquals(3, tuner.statistics().op("broken").orElseThrow().failures().size());
    }

    @Test
    void hungTacticIsAbandonedAndTheOthersStillTune() {
        AutoTuner tuner = Tuners.quickWithTimeout(Duration.ofMillis(300));
        Runner hangs = new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of("hang", "ok");
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                if ("hang".equals(tactic)) {
                    SpinRunner.spin(3_000_000); // ignores interrupts; the watchdog must not wait for it
                }
                SpinRunner.spin(tactic == FALLBACK ? 50 : 5);
                return tactic;
            }
        };
        long start = System.nanoTime();
        try (TuningSession s = tuner.tune()) {
            Choice c = tuner.chooseOne("hangs", List.of(hangs), TuningConfig.defaults(), (Object) new float[3]);
            assertEquals("ok", c.tactic());
        }
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "the caller waited for the hung tactic");
        List<Failure> failures = tuner.statistics().op("hangs").orElseThrow().failures();
        assertEquals(1, failures.size());
        assertEquals("hang", failures.get(0).tactic());
        assertTrue(failures.get(0).reason().contains("still running after 300 ms"), failures.get(0).reason());
    }

    /** A runner with a tactic that spins {@code hangMillis} ignoring interrupts, and a quick one. */
    private static Runner hanging(int hangMillis) {
        return new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of("hang", "ok");
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                if ("hang".equals(tactic)) {
                    SpinRunner.spin(hangMillis * 1000);
                }
                SpinRunner.spin(tactic == FALLBACK ? 50 : 5);
                return tactic;
            }
        };
    }

    /** One hung tactic is abandoned once per pass, not once per bucket, and the thread left is counted (issue 9, item 7). */
    @Test
    void aHungTacticIsAbandonedOncePerPass() {
        AutoTuner tuner = Tuners.quickWithTimeout(Duration.ofMillis(300));
        TuningConfig config = TuningConfig.builder().dynamic(DynamicDimSpec.of(0, 0, 1, 2, 4)).build();
        long start = System.nanoTime();
        try (TuningSession s = tuner.tune()) {
            assertEquals("ok", tuner.chooseOne("hangs3", List.of(hanging(1500)), config, (Object) new float[3]).tactic());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 900, "waited " + millis + " ms: the hang was waited for more than once");
        OpStatistics stats = tuner.statistics().op("hangs3").orElseThrow();
        assertEquals(1, stats.abandonedThreads());
        assertEquals(1, stats.failures().size(), stats.failures().toString());
        assertTrue(stats.failures().get(0).reason().contains("its thread autotune4j-timer-"), stats.failures().toString());
        assertEquals(4, tuner.cacheEntries().size(), "every profile tuned with the tactic that works");
        assertTrue(tuner.cacheEntries().stream().allMatch(e -> e.trials().stream().anyMatch(t -> t.tactic().toString().contains("hang")
                && t.failure() != null)), "the hung tactic is listed as failed on every profile");
    }

    /** The op budget holds across hangs: a tactic longer than the budget is cut at the budget, not at its timeout. */
    @Test
    void theOpBudgetHoldsAcrossAHang() {
        dev.autotune4j.measure.TimingSettings q = dev.autotune4j.measure.TimingSettings.quick();
        AutoTuner tuner = new AutoTuner(q.withBudgets(q.tacticBudget(), Duration.ofSeconds(60), Duration.ofMillis(400)));
        long start = System.nanoTime();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("budget", List.of(hanging(1500)), TuningConfig.defaults(), (Object) new float[3]);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1200, "waited " + millis + " ms with a 400 ms op budget and a 60 s tactic timeout");
        assertEquals(1, tuner.statistics().op("budget").orElseThrow().abandonedThreads());
    }

    /**
     * An op whose tactic calls another op: both are tuned in one pass and both replay.
     *
     * <p>Ported from TensorRT-LLM {@code test_autotuner.py::test_recursive_autotuner}.
     */
    @Test
    void nestedOpsTuneAndReplayBoth() {
        AutoTuner tuner = Tuners.quick();
        SpinRunner inner = new SpinRunner("inner", Map.of(0, 20, 1, 2), 30);
        TuningConfig innerConfig = TuningConfig.defaults();
        SpinRunner outer = new SpinRunner("outer", Map.of(0, 2, 1, 20), 30);
        outer.onRun = inputs -> tuner.chooseOne("inner", List.of(inner), innerConfig, inputs);
        TuningConfig outerConfig = TuningConfig.defaults();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("outer", List.of(outer), outerConfig, (Object) new float[4]);
        }
        assertEquals(1, tuner.statistics().op("outer").orElseThrow().tunedProfiles());
        assertEquals(1, tuner.statistics().op("inner").orElseThrow().tunedProfiles());
        assertEquals(0, tuner.chooseOne("outer", List.of(outer), outerConfig, (Object) new float[4]).tactic());
        assertEquals(1, tuner.chooseOne("inner", List.of(inner), innerConfig, (Object) new float[4]).tactic());
    }

    /**
     * Runners of one class with different attributes get different cache keys.
     *
     * <p>Ported from TensorRT-LLM {@code test_autotuner.py::test_multiple_runners_different_attributes}.
     */
    @Test
    void runnerAttributesArePartOfTheKey() {
        record Scaled(int scale) implements Runner {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of(1, 2);
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                // scale 1 prefers tactic 1, scale 2 prefers tactic 2
                SpinRunner.spin(tactic == FALLBACK ? 40 : tactic.equals(scale) ? 2 : 25);
                return tactic;
            }
        }
        AutoTuner tuner = Tuners.quick();
        TuningConfig config = TuningConfig.defaults();
        try (TuningSession s = tuner.tune()) {
            assertEquals(1, tuner.chooseOne("scaled", List.of(new Scaled(1)), config, (Object) new float[2]).tactic());
            assertEquals(2, tuner.chooseOne("scaled", List.of(new Scaled(2)), config, (Object) new float[2]).tactic());
        }
        assertEquals(2, tuner.cacheEntries().size());
        assertNotEquals(tuner.cacheEntries().get(0).key(), tuner.cacheEntries().get(1).key());
        assertEquals(Set.of("(scale=1)", "(scale=2)"),
                Set.copyOf(tuner.cacheEntries().stream().map(e -> e.key().runnerId()).toList()));
    }

    /**
     * The size cap clamps tuned sizes, and the pre-hook sees the clamped inputs.
     *
     * <p>Ported from TensorRT-LLM {@code test_autotuner.py::test_autotuner_tuning_configs}.
     */
    @Test
    void capClampsAndPreHookSeesClampedInputs() {
        AutoTuner tuner = Tuners.quick();
        List<Long> rowsSeenByHook = new ArrayList<>();
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.powersOfTwoUpToSize(), Buckets.nextPowerOfTwo())
                .tuneMaxSize(8)
                .inputsPreHook(inputs -> {
                    rowsSeenByHook.add((long) ((float[][]) inputs[0]).length);
                    return inputs;
                })
                .build();
        SpinRunner runner = new SpinRunner("capped", Map.of(0, 10, 1, 2), 20);
        try (TuningSession s = tuner.tune()) {
            assertEquals(1, tuner.chooseOne("capped", List.of(runner), config, (Object) new float[100][4]).tactic());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L), rowsSeenByHook);
        assertTrue(runner.seenShapes.stream().noneMatch(s -> s.startsWith("[[100")), "never timed above the cap");
        // a live size above the cap is served by the cap's bucket
        assertEquals(1, tuner.chooseOne("capped", List.of(runner), config, (Object) new float[500][4]).tactic());
        assertEquals(0, tuner.statistics().op("capped").orElseThrow().misses());
    }

    @Test
    void replayMissRunsTheFallbackCountsAndRecordsTheShape() {
        AutoTuner tuner = Tuners.quick();
        SpinRunner runner = gemm();
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.of(1, 2), Buckets.nextPowerOfTwo()).build();
        for (int i = 0; i < 3; i++) {
            Choice c = tuner.chooseOne("gemm", List.of(runner), config, (Object) new float[7][8]);
            assertTrue(c.isFallback());
            assertSame(Runner.FALLBACK, c.tactic());
        }
        OpStatistics stats = tuner.statistics().op("gemm").orElseThrow();
        assertEquals(3, stats.misses());
        assertEquals(List.of("[[8,8]]"), stats.missShapes());
        assertEquals(0, tuner.cacheEntries().size(), "replay mode never tunes");
        assertTrue(tuner.statistics().toTable().contains("miss shapes of gemm: [[8,8]]"));
    }

    @Test
    void offModeAlwaysRunsTheFallbackEvenWhenTuned() {
        AutoTuner tuner = Tuners.quick();
        SpinRunner runner = gemm();
        TuningConfig config = TuningConfig.defaults();
        try (TuningSession s = tuner.tune()) {
            assertEquals(2, tuner.chooseOne("gemm", List.of(runner), config, (Object) new float[2]).tactic());
        }
        tuner.setMode(Mode.OFF);
        assertTrue(tuner.chooseOne("gemm", List.of(runner), config, (Object) new float[2]).isFallback());
        tuner.setMode(Mode.REPLAY);
        assertEquals(2, tuner.chooseOne("gemm", List.of(runner), config, (Object) new float[2]).tactic());
    }

    @Test
    void nestedSessionsRestoreTheOuterMode() {
        AutoTuner tuner = Tuners.quick();
        tuner.setMode(Mode.OFF);
        try (TuningSession outer = tuner.tune()) {
            assertEquals(Mode.TUNE, tuner.mode());
            try (TuningSession inner = tuner.tune()) {
                assertEquals(Mode.TUNE, tuner.mode());
            }
            assertEquals(Mode.TUNE, tuner.mode());
        }
        assertEquals(Mode.OFF, tuner.mode());
    }

    @Test
    void rankSpecificFilesAreLoadedAndSaved(@TempDir Path dir) {
        AutoTuner tuner = Tuners.quick();
        SpinRunner runner = gemm();
        try (TuningSession s = tuner.tune(dir.resolve("cache.json"), 3)) {
            assertEquals(dir.resolve("cache.rank3.json"), s.file());
            tuner.chooseOne("gemm", List.of(runner), TuningConfig.defaults(), (Object) new float[2]);
        }
        assertTrue(Files.exists(dir.resolve("cache.rank3.json")));
        assertFalse(Files.exists(dir.resolve("cache.json")));

        AutoTuner next = Tuners.quick();
        try (TuningSession s = next.tune(dir.resolve("cache.json"), 3)) {
            assertEquals(1, next.cacheEntries().size(), "the session loads the rank file first");
            next.chooseOne("gemm", List.of(gemm()), TuningConfig.defaults(), (Object) new float[2]);
        }
        assertEquals(0, next.statistics().op("gemm").orElseThrow().tunedProfiles());
    }

    /** An input type that cannot be synthesized is tuned at its live shape only. */
    @Test
    void unsynthesizableInputIsTunedAtItsLiveShapeOnly() {
        record Opaque(int n) {
        }
        class OpaqueRunner implements Runner {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of(1, 2);
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                SpinRunner.spin(tactic.equals(2) ? 2 : 20);
                return tactic;
            }
        }
        AutoTuner tuner = Tuners.quick();
        // dim 0 of input 1 (a Set, which cannot be resized) is dynamic
        TuningConfig config = TuningConfig.builder().dynamic(DynamicDimSpec.of(1, 0, 1, 2, 4)).build();
        Object[] live = {new Opaque(1), Set.of("a", "b", "c")};
        try (TuningSession s = tuner.tune()) {
            assertEquals(2, tuner.chooseOne("opaque", List.of(new OpaqueRunner()), config, live).tactic());
        }
        assertEquals(1, tuner.cacheEntries().size());
        assertEquals("[[],[3]]", tuner.cacheEntries().get(0).key().profile().toString());
    }

    /** A runner whose prepare or validTactics throws an Error fails alone; the call gets the others' best. */
    @Test
    void errorsFromPrepareAndValidTacticsFailOnlyThatRunner() throws Exception {
        AutoTuner tuner = Tuners.quick();
        Runner oom = new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of(1);
            }

            @Override
            public void prepare(Object[] inputs) {
                throw new OutOfMemoryError("prepare ran out of heap");
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                return "oom";
            }

            @Override
            public String id() {
                return "oom";
            }
        };
        Runner deep = new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                throw new StackOverflowError("validTactics recursed");
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                return "deep";
            }

            @Override
            public String id() {
                return "deep";
            }
        };
        SpinRunner good = gemm();
        TuningConfig config = TuningConfig.defaults();
        try (TuningSession s = tuner.tune()) {
            Choice c = tuner.chooseOne("errors", List.of(good, oom, deep), config, (Object) new float[2][4]);
            assertEquals(0, c.runnerIndex(), "the working runner's best");
            assertEquals(2, c.tactic());
        }
        List<Failure> failures = tuner.statistics().op("errors").orElseThrow().failures();
        assertTrue(failures.stream().anyMatch(f -> f.reason().contains("OutOfMemoryError: prepare ran out of heap")), failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.reason().contains("StackOverflowError: validTactics recursed")), failures.toString());
    }

    /**
     * A tactic that calls its own op: the nested call runs the fallback, the tactic is failed (chosen, it would
     * recurse without end), one choice per profile is cached and the statistics stay true (issue 9, item 8).
     */
    @Test
    void aTacticCallingItsOwnOpIsSkippedAndItsNestedCallRunsTheFallback() throws Exception {
        AutoTuner tuner = Tuners.quick();
        java.util.concurrent.atomic.AtomicReference<TunableOp> self = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger depth = new java.util.concurrent.atomic.AtomicInteger();
        Runner body = Runners.fallback("body", in -> {
            SpinRunner.spin(20);
            return "body";
        });
        Runner recursive = Runners.of("recursive", List.of(1), (in, t) -> {
            if (depth.incrementAndGet() > 50) {
                throw new AssertionError("unbounded recursion");
            }
            try {
                return "outer of " + self.get().run(in);   // the op calling itself, as a candidate calling its own @Tunable method
            } finally {
                depth.decrementAndGet();
            }
        });
        TuningConfig config = TuningConfig.builder().dynamic(DynamicDimSpec.of(0, 0, 1, 2, 4)).build();
        TunableOp op = tuner.op("self", List.of(body, recursive), config);
        self.set(op);
        try (TuningSession s = tuner.tune()) {
            assertEquals("body", op.run((Object) new float[3][4]));
        }
        assertEquals(4, tuner.cacheEntries().size(), "one entry per profile (1, 2, 4 and the live 3)");
        assertTrue(tuner.cacheEntries().stream().allMatch(e -> e.runnerIndex() == 0), "the recursive tactic never wins");
        OpStatistics stats = tuner.statistics().op("self").orElseThrow();
        assertEquals(4, stats.tunedProfiles());
        assertTrue(stats.failures().stream().anyMatch(f -> f.reason().contains("calls op 'self' itself")), stats.failures().toString());
        for (int rows : new int[] {1, 2, 3, 4}) {
            assertEquals("body", op.run((Object) new float[rows][4]), "replay");
        }
    }

    /**
     * Interrupting the caller mid-pass stops the pass: the interrupt flag is kept, nothing is recorded as failed,
     * and a later miss tunes the profiles left (issue 9, item 6).
     */
    @Test
    void anInterruptedPassStopsAndALaterMissTunesTheRest() throws Exception {
        AutoTuner tuner = Tuners.quick();
        SpinRunner slow = new SpinRunner("slow", Map.of(1, 2000, 2, 1500), 2500);
        TuningConfig config = TuningConfig.builder().dynamic(DynamicDimSpec.of(0, 0, 1, 2, 4, 8, 16, 32, 64, 128)).build();
        List<SpinRunner> runners = List.of(slow);
        tuner.setMode(Mode.TUNE);
        java.util.concurrent.atomic.AtomicReference<Choice> got = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flagAfter = new java.util.concurrent.atomic.AtomicBoolean();
        Thread caller = new Thread(() -> {
            got.set(tuner.chooseOne("interrupted", runners, config, (Object) new float[3][4]));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        Thread.sleep(150);
        caller.interrupt();
        caller.join(30_000);
        assertFalse(caller.isAlive(), "the pass stopped");
        assertTrue(got.get().isFallback(), "the interrupted call ran the fallback");
        assertTrue(flagAfter.get(), "the interrupt flag is kept");
        OpStatistics stats = tuner.statistics().op("interrupted").orElseThrow();
        assertEquals(List.of(), stats.failures(), "nothing recorded as failed");
        int tunedBefore = tuner.cacheEntries().size();
        assertTrue(tunedBefore < 9, tunedBefore + " profiles tuned before the interrupt");

        assertFalse(tuner.chooseOne("interrupted", runners, config, (Object) new float[128][4]).isFallback(),
                "a later miss tunes");
        tuner.setMode(Mode.REPLAY);
        for (int rows = 1; rows <= 128; rows *= 2) {
            assertFalse(tuner.chooseOne("interrupted", runners, config, (Object) new float[rows][4]).isFallback(),
                    "bucket " + rows + " was tuned in the end");
        }
        assertEquals(0, tuner.statistics().op("interrupted").orElseThrow().misses());
    }

    /** A plain runner class whose instances differ only in a field. */
    static final class Tiles implements Runner {
        final int tile;

        Tiles(int tile) {
            this.tile = tile;
        }

        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(tile);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            return tactic;
        }
    }

    /**
     * Runner identity (issue 9, item 4): two different instances of a plain class with one id, bound to one op
     * name in separate lists, are said once to share cache entries; equal records are not.
     */
    @Test
    void lookAlikeRunnersOfOneOpAreNeverSilent() {
        AutoTuner tuner = Tuners.quick();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            tuner.op("tiles", List.of(new Tiles(8)), TuningConfig.defaults());
            tuner.op("tiles", List.of(new Tiles(64)), TuningConfig.defaults());
            tuner.op("tiles", List.of(new Tiles(16)), TuningConfig.defaults());
            record Tile(int size) implements Runner {
                public List<?> validTactics(Object[] inputs, Profile profile) {
                    return List.of(size);
                }

                public Object run(Object[] inputs, Object tactic) {
                    return tactic;
                }
            }
            tuner.op("records", List.of(new Tile(8)), TuningConfig.defaults());
            tuner.op("records", List.of(new Tile(8)), TuningConfig.defaults());
        } finally {
            System.setErr(saved);
        }
        String out = err.toString();
        assertEquals(1, out.split("is bound to two different instances", -1).length - 1, out);
        assertTrue(out.contains("op 'tiles' is bound to two different instances of " + Tiles.class.getName()
                + " with the same id ''") && out.contains("override Runner.id()"), out);
    }

    /**
     * A null argument passes through to every profile: all buckets tune, as with an enum in that slot.
     *
     * <p>Ported from FlashInfer {@code test_autotuner_core.py::test_prepare_input_tensors_none_input_preserved}
     * (with an enum beside it).
     */
    @Test
    void aNullInputDoesNotStopBucketTuning() {
        AutoTuner tuner = Tuners.quick();
        SpinRunner runner = gemm();
        TuningConfig config = TuningConfig.builder().dynamic(DynamicDimSpec.of(0, 0, 1, 2, 4)).build();
        try (TuningSession s = tuner.tune()) {
            assertEquals(2, tuner.chooseOne("nullable", List.of(runner), config, new float[3][8], null).tactic());
        }
        assertEquals(4, tuner.cacheEntries().size(), "buckets 1, 2, 4 and the live 3");
        for (int rows : new int[] {1, 2, 4}) {
            assertEquals(2, tuner.chooseOne("nullable", List.of(runner), config, new float[rows][8], null).tactic());
        }
        assertEquals(0, tuner.statistics().op("nullable").orElseThrow().misses());
    }

    @Test
    void repeatedShapesResolveWithoutAllocating() {
        AutoTuner tuner = Tuners.quick();
        SpinRunner runner = gemm();
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.of(1, 2, 4, 8), Buckets.nextPowerOfTwo()).build();
        List<SpinRunner> runners = List.of(runner);
        Object[] inputs = {new float[3][16]};
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("gemm", runners, config, inputs);
        }
        TunableOp op = tuner.op("gemm", runners, config);
        Object[] missInputs = {new float[100][16]};
        for (int i = 0; i < 20_000; i++) {
            op.choose(inputs);
            tuner.chooseOne("gemm", runners, config, inputs);
            tuner.chooseOne("gemm", runners, config, missInputs);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long[] rounds = new long[5];
        for (int r = 0; r < rounds.length; r++) {
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                op.choose(inputs);
                tuner.chooseOne("gemm", runners, config, inputs);
                tuner.chooseOne("gemm", runners, config, missInputs);
            }
            rounds[r] = threads.getThreadAllocatedBytes(tid) - before;
        }
        System.out.println("ALLOC " + java.util.Arrays.toString(rounds));
        assertEquals(0, java.util.Arrays.stream(rounds).min().getAsLong(), "bytes allocated by 30,000 hits and misses, per round: " + java.util.Arrays.toString(rounds));
    }

    @Test
    void badArgumentsAreRejectedWithTheFix() {
        AutoTuner tuner = Tuners.quick();
        SpinRunner a = gemm();
        SpinRunner b = gemm();
        IllegalArgumentException dup = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> tuner.op("x", List.of(a, b), TuningConfig.defaults()));
        assertTrue(dup.getMessage().contains("override Runner.id()"), dup.getMessage());
        IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> tuner.op("x", List.of(), TuningConfig.defaults()));
        assertTrue(none.getMessage().contains("at least one runner"));
        IllegalArgumentException mode = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Mode.parse("fast"));
        assertTrue(mode.getMessage().contains("tune, replay or off"));
    }

    @Test
    void busyTunerGivesOtherThreadsTheFallback() throws Exception {
        AutoTuner tuner = Tuners.quick();
        ConcurrentHashMap<String, Choice> seen = new ConcurrentHashMap<>();
        SpinRunner other = gemm();
        SpinRunner slow = new SpinRunner("slow", Map.of(0, 5), 5);
        slow.onRun = x -> {
            if (!seen.containsKey("other")) {
                Thread t = new Thread(() -> seen.put("other",
                        tuner.chooseOne("other", List.of(other), TuningConfig.defaults(), (Object) new float[2])));
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("slow", List.of(slow), TuningConfig.defaults(), (Object) new float[2]);
        }
        assertTrue(seen.get("other").isFallback(), "the other thread did not wait for the tuning pass");
        assertEquals(1, tuner.statistics().op("other").orElseThrow().busyFallbacks());
    }
}
