package dev.autotune4j.dispatch;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.DynamicDimSpec;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.profile.ProfileGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bucket behaviours of TensorRT-LLM's tuner, ported from its {@code tests/unittest/_torch/misc/test_autotuner.py}
 * (issue 9, item 5): tuned buckets are stored under their raw values and only the live size is mapped.
 */
class ReferenceBucketTest {

    /** Its tactic is the row count of the profile it is offered on, so a choice tells which bucket it was tuned at. */
    static final class RowsRunner implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(((Object[]) inputs[0]).length);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            SpinRunner.spin(tactic == FALLBACK ? 200 : 5);
            return tactic;
        }
    }

    /**
     * {@code test_bucket_mapping}: buckets 32..1 with the map {@code x -> x / 4}. Six entries keyed by the raw
     * buckets; a live size maps to the bucket whose tactic serves it (4..64 rows to 1..16, 128 to 32) and 256, which
     * maps past the last bucket, misses and runs the fallback.
     */
    @Test
    void bucketMapping() {
        AutoTuner tuner = Tuners.quick();
        TuningConfig config = TuningConfig.builder()
                .dynamic(new DynamicDimSpec(0, 0, Buckets.of(32, 16, 8, 4, 2, 1), size -> size / 4)).build();
        List<RowsRunner> runners = List.of(new RowsRunner());
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("mapped", runners, config, (Object) new float[64][8]);
        }
        assertEquals(6, tuner.cacheEntries().size());
        assertEquals(List.of("[[1,8]]", "[[16,8]]", "[[2,8]]", "[[32,8]]", "[[4,8]]", "[[8,8]]"),
                tuner.cacheEntries().stream().map(e -> e.key().profile().toString()).sorted().toList(),
                "keyed by the raw buckets");
        tuner.setMode(Mode.REPLAY);
        for (int rows : new int[] {4, 8, 16, 32, 64, 128}) {
            Choice c = tuner.chooseOne("mapped", runners, config, (Object) new float[rows][8]);
            assertEquals(rows / 4, c.tactic(), rows + " rows are served by the tactic tuned at bucket " + rows / 4);
        }
        assertEquals(0, tuner.statistics().op("mapped").orElseThrow().misses());
        assertTrue(tuner.chooseOne("mapped", runners, config, (Object) new float[256][8]).isFallback());
        assertEquals(1, tuner.statistics().op("mapped").orElseThrow().misses());
    }

    /**
     * {@code test_multi_dynamic_dims}: three dynamic dims of three buckets each give 27 profiles, all tuned; the
     * live 19 maps (x / 2) to 9, already a bucket, so it adds no profile.
     */
    @Test
    void multiDynamicDims() {
        TuningConfig config = TuningConfig.builder()
                .dynamic(DynamicDimSpec.of(0, 0, 1, 3, 5))
                .dynamic(DynamicDimSpec.of(0, 1, 16, 24, 1024))
                .dynamic(new DynamicDimSpec(1, 1, Buckets.of(3, 7, 9), x -> x / 2)).build();
        Object[] live = {new float[5][1024], new float[7][19]};
        List<Profile> profiles = ProfileGenerator.generate(config, dev.autotune4j.profile.Shapes.shapes(live));
        assertEquals(27, profiles.size());
        assertEquals("[[1,16],[7,3]]", java.util.Arrays.deepToString(profiles.get(0).optShapes()).replace(" ", ""));
        assertEquals("[[5,1024],[7,9]]", java.util.Arrays.deepToString(profiles.get(26).optShapes()).replace(" ", ""));
        AutoTuner tuner = Tuners.quick();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("multi", List.of(new RowsRunner()), config, live);
        }
        assertEquals(27, tuner.cacheEntries().size());
        assertEquals(27, tuner.statistics().op("multi").orElseThrow().tunedProfiles());
    }
}
