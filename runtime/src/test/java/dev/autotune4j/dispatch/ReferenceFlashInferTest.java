package dev.autotune4j.dispatch;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.DynamicDimSpec;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.ShapeKeyer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FlashInfer's autotuner unit tests ({@code tests/autotuner/test_autotuner_core.py}), ported to this API; each
 * test names its original. Where the reference replaces kernel timing with fixed numbers, {@link TableTimer}
 * does the same. Intentional differences (listed in the README) are noted where a test meets one.
 */
class ReferenceFlashInferTest {

    /** The reference's {@code DummyRunner}: returns its first input, offers fixed tactics. */
    static final class DummyRunner implements Runner {
        final List<?> tactics;
        final List<Object[]> seen = new CopyOnWriteArrayList<>();

        DummyRunner(Object... tactics) {
            this.tactics = List.of(tactics);
        }

        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return tactics;
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            seen.add(inputs.clone());
            return inputs[0];
        }
    }

    /** A subclass, as the reference's {@code OtherDummyRunner}: another runner identity. */
    static final class OtherDummyRunner implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(0, 1, 2);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            return inputs[0];
        }
    }

    private static long[][] shapes(long[]... s) {
        return s;
    }

    private static AutoTuner tunerTimedBy(TableTimer timer) {
        AutoTuner tuner = Tuners.quick();
        tuner.addTimer(timer);
        return tuner;
    }

    /** {@code test_find_nearest_profile_passthrough_without_specs}: no specs keep every size as it is. */
    @Test
    void findNearestProfilePassthroughWithoutSpecs() {
        ShapeKey key = new ShapeKeyer(TuningConfig.defaults()).keyOf(shapes(new long[] {3, 5}, new long[] {7, 11, 13}));
        assertEquals(ShapeKey.of(shapes(new long[] {3, 5}, new long[] {7, 11, 13})), key);
    }

    /**
     * {@code test_find_nearest_profile_dynamic_and_constraint}: the dynamic dim is mapped to its bucket, the
     * constrained dim becomes the wildcard -1.
     */
    @ParameterizedTest
    @CsvSource({"1000,512", "1024,1024", "4000,2048", "4096,4096", "8000,4096", "8192,8192", "10000,8192"})
    void findNearestProfileDynamicAndConstraint(long leading, long bucket) {
        TuningConfig config = TuningConfig.builder()
                .dynamic(new DynamicDimSpec(0, 0, Buckets.of(512, 1024, 2048, 4096, 8192), Buckets.lastPowerOfTwo()))
                .constraint(1, 2, s -> s[0][0] / 2).build();
        ShapeKey key = new ShapeKeyer(config).keyOf(shapes(new long[] {leading, 8}, new long[] {10, 9, 6}));
        assertEquals(ShapeKey.of(shapes(new long[] {bucket, 8}, new long[] {10, 9, -1})), key);
    }

    /**
     * {@code test_find_nearest_profile_maps_all_linked_dims}. Difference: the reference links one dynamic axis
     * across tensors in one spec; here one dim is dynamic and the linked dims are constraints derived from it.
     * Their key is -1 (they follow the dynamic dim, so they add nothing to it) and the tuned inputs carry the
     * bucket in all three places.
     */
    @Test
    void findNearestProfileMapsAllLinkedDims() {
        TuningConfig config = TuningConfig.builder()
                .dynamic(new DynamicDimSpec(0, 0, Buckets.of(16, 32, 48, 64), Buckets.roundUpTo(16)))
                .constraint(1, 1, s -> s[0][0]).constraint(2, 2, s -> s[0][0]).build();
        ShapeKey key = new ShapeKeyer(config).keyOf(shapes(new long[] {33, 4}, new long[] {2, 33, 9},
                new long[] {5, 6, 33, 7}));
        assertEquals(ShapeKey.of(shapes(new long[] {48, 4}, new long[] {2, -1, 9}, new long[] {5, 6, -1, 7})), key);

        // tuned with Java arrays (read to two dims; deeper tensors are a ShapedInput): rows linked to the columns
        // of the second input and the rows of the third
        TuningConfig tuned = TuningConfig.builder()
                .dynamic(new DynamicDimSpec(0, 0, Buckets.of(16, 32, 48, 64), Buckets.roundUpTo(16)))
                .constraint(1, 1, s -> s[0][0]).constraint(2, 0, s -> s[0][0]).build();
        DummyRunner runner = new DummyRunner(0);
        AutoTuner tuner = Tuners.quick();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("linked", List.of(runner), tuned, new float[33][4], new float[2][33], new float[33][7]);
        }
        for (int bucket : new int[] {16, 32, 48, 64}) {
            assertTrue(runner.seen.stream().anyMatch(in -> ((float[][]) in[0]).length == bucket
                    && ((float[][]) in[1])[0].length == bucket && ((float[][]) in[2]).length == bucket),
                    "bucket " + bucket + " was tuned with every linked dim at " + bucket);
        }
    }

    /** {@code test_get_cache_key_bucketization}: two sizes share a key exactly when they share a bucket. */
    @ParameterizedTest
    @CsvSource({"130,200,true", "130,300,false", "1000,1024,false", "4000,4096,false", "8000,8192,false"})
    void getCacheKeyBucketization(long a, long b, boolean same) {
        ShapeKeyer keyer = new ShapeKeyer(TuningConfig.builder()
                .dynamic(new DynamicDimSpec(0, 0, Buckets.of(64, 128, 256), Buckets.lastPowerOfTwo())).build());
        assertEquals(same, keyer.keyOf(shapes(new long[] {a, 16})).equals(keyer.keyOf(shapes(new long[] {b, 16}))));
    }

    /**
     * {@code test_search_cache_hit_resolves_runner_id_against_current_list}: an entry names its runner, not a
     * position; a later call whose list puts the winner second still gets the winner and its (non-int) tactic.
     */
    @Test
    void searchCacheHitResolvesRunnerIdAgainstCurrentList() throws Exception {
        List<Object> tupleTactic = List.of(7, List.of(List.of(1, 2)));
        DummyRunner winner = new DummyRunner(tupleTactic);
        AutoTuner tuner = tunerTimedBy(TableTimer.byTactic(Map.of(tupleTactic, 1.0), 10));
        Object[] inputs = {new float[8][16]};
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("dummy", List.of(winner), TuningConfig.defaults(), inputs);
        }
        OtherDummyRunner other = new OtherDummyRunner();
        Choice hit = tuner.chooseOne("dummy", List.of(other, winner), TuningConfig.defaults(), inputs);
        assertSame(winner, hit.runner());
        assertEquals(1, hit.runnerIndex());
        assertEquals(tupleTactic, hit.tactic());
    }

    /** {@code test_choose_one_inference_uses_cache_or_fallback}: no entry, the fallback; after tuning, the entry. */
    @Test
    void chooseOneInferenceUsesCacheOrFallback() {
        DummyRunner runner = new DummyRunner(0, 1, 2);
        AutoTuner tuner = tunerTimedBy(TableTimer.byTactic(Map.of(0, 5.0, 1, 3.0, 2, 1.0), 10));
        Object[] inputs = {new float[4][8]};
        Choice miss = tuner.chooseOne("dummy", List.of(runner), TuningConfig.defaults(), inputs);
        assertSame(runner, miss.runner());
        assertSame(Runner.FALLBACK, miss.tactic());
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("dummy", List.of(runner), TuningConfig.defaults(), inputs);
        }
        Choice hit = tuner.chooseOne("dummy", List.of(runner), TuningConfig.defaults(), inputs);
        assertSame(runner, hit.runner());
        assertEquals(2, hit.tactic());
    }

    /** {@code test_choose_one_tuning_selects_best_tactic_and_populates_cache}. */
    @Test
    void chooseOneTuningSelectsBestTacticAndPopulatesCache() {
        DummyRunner runner = new DummyRunner(0, 1, 2);
        AutoTuner tuner = tunerTimedBy(TableTimer.byTactic(Map.of(0, 5.0, 1, 1.0, 2, 3.0), 10));
        Choice c;
        try (TuningSession s = tuner.tune()) {
            c = tuner.chooseOne("dummy_tune", List.of(runner), TuningConfig.defaults(), (Object) new float[16][32]);
        }
        assertSame(runner, c.runner());
        assertEquals(1, c.tactic());
        assertEquals(1, tuner.cacheEntries().size());
        OpStatistics stats = tuner.statistics().op("dummy_tune").orElseThrow();
        assertEquals(1, stats.tunedProfiles());
        assertEquals(List.of(), stats.failures());
    }

    /**
     * {@code test_prepare_input_tensors_reuses_static_and_recreates_dynamic}: two profiles (8 and 16 rows, the
     * constrained dim following as rows / 2); the dynamic input is built anew at the profile's shape, the static
     * input is the caller's own object.
     */
    @Test
    void prepareInputTensorsReusesStaticAndRecreatesDynamic() {
        TuningConfig config = TuningConfig.builder().dynamic(new DynamicDimSpec(0, 0, Buckets.of(8, 16), Buckets.identity()))
                .constraint(0, 1, s -> s[0][0] / 2).build();
        float[][] dynamic = new float[12][99];
        float[][] fixed = new float[2][3];
        DummyRunner runner = new DummyRunner(0);
        AutoTuner tuner = Tuners.quick();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("prepare", List.of(runner), config, dynamic, fixed);
        }
        List<Object[]> at8 = runner.seen.stream().filter(in -> ((float[][]) in[0]).length == 8).toList();
        assertTrue(!at8.isEmpty(), "the 8-row profile was tuned");
        for (Object[] in : at8) {
            assertArrayEquals(new long[] {8, 4}, new long[] {((float[][]) in[0]).length, ((float[][]) in[0])[0].length});
            assertNotSame(dynamic, in[0]);
            assertSame(fixed, in[1], "a static input is passed as it is");
        }
        assertTrue(runner.seen.stream().anyMatch(in -> ((float[][]) in[0]).length == 16 && ((float[][]) in[0])[0].length == 8));
    }

    /**
     * {@code test_choose_one_different_infer_tokens_same_bucket_get_same_cached_tactic}: any size that maps to a
     * tuned bucket gets that bucket's tactic (tactics are [tile, cfg] lists).
     */
    @Test
    void chooseOneDifferentInferTokensSameBucketGetSameCachedTactic() {
        List<List<Integer>> tactics = new ArrayList<>();
        for (int tile : new int[] {8, 16, 32, 64}) {
            for (int cfg = 0; cfg < 2; cfg++) {
                tactics.add(List.of(tile, cfg));
            }
        }
        DummyRunner runner = new DummyRunner(tactics.toArray());
        TableTimer timer = new TableTimer((r, in, t) -> {
            if (t == Runner.FALLBACK) {
                return 5.0;
            }
            int rows = ((Object[]) in[0]).length;
            int target = rows < 512 ? 16 : rows < 1024 ? 32 : 64;
            return t.equals(List.of(target, 1)) ? 1.0 : 5.0;
        });
        AutoTuner tuner = tunerTimedBy(timer);
        TuningConfig config = TuningConfig.builder().dynamic(new DynamicDimSpec(0, 0,
                Buckets.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024),
                x -> Math.min(Long.highestOneBit(Math.max(1, x)), 1024))).build();
        try (TuningSession s = tuner.tune()) {
            for (int rows : new int[] {256, 512, 1024}) {
                tuner.chooseOne("same_bucket", List.of(runner), config, (Object) new float[rows][128]);
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(32, 1), tuner.chooseOne("same_bucket", List.of(runner), config,
                    (Object) new float[512 + random.nextInt(512)][128]).tactic());
            assertEquals(List.of(16, 1), tuner.chooseOne("same_bucket", List.of(runner), config,
                    (Object) new float[1 + random.nextInt(511)][128]).tactic());
            assertEquals(List.of(64, 1), tuner.chooseOne("same_bucket", List.of(runner), config,
                    (Object) new float[1024 + random.nextInt(1024)][128]).tactic());
        }
    }

    /**
     * {@code test_prepare_input_tensors_none_input_preserved}: a null input passes through to every profile, and
     * both buckets are tuned (issue 9, item 3).
     */
    @Test
    void prepareInputTensorsNoneInputPreserved() {
        TuningConfig config = TuningConfig.builder().dynamic(new DynamicDimSpec(0, 0, Buckets.of(8, 16), Buckets.identity()))
                .build();
        DummyRunner runner = new DummyRunner(0);
        AutoTuner tuner = Tuners.quick();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("none_input", List.of(runner), config, new float[12][64], null);
        }
        assertTrue(runner.seen.stream().anyMatch(in -> ((float[][]) in[0]).length == 8));
        assertTrue(runner.seen.stream().anyMatch(in -> ((float[][]) in[0]).length == 16));
        runner.seen.forEach(in -> assertNull(in[1]));
        assertEquals(3, tuner.cacheEntries().size(), "buckets 8 and 16, and the live 12");
    }

    /** {@code test_choose_one_with_none_input_no_crash}: the inference path with a null input runs the fallback. */
    @Test
    void chooseOneWithNoneInputNoCrash() {
        DummyRunner runner = new DummyRunner(0, 1, 2);
        Choice c = Tuners.quick().chooseOne("none_input_smoke", List.of(runner), TuningConfig.defaults(),
                new float[4][8], null, new long[4][2]);
        assertSame(runner, c.runner());
        assertSame(Runner.FALLBACK, c.tactic());
    }
}
