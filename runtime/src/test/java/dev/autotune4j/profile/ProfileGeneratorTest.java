package dev.autotune4j.profile;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Dim;
import dev.autotune4j.api.DynamicDimSpec;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileGeneratorTest {

    /** The reference's test_optimization_profiles: 3 x 3 x 3 profiles with its min/opt/max. */
    @Test
    void cartesianProductOfBucketsMatchesTheReference() {
        TuningConfig config = TuningConfig.builder()
                .dynamic(DynamicDimSpec.of(0, 0, 1, 3, 5))
                .dynamic(DynamicDimSpec.of(0, 1, 16, 24, 1024))
                .dynamic(DynamicDimSpec.of(1, 1, 3, 7, 9).withMap(x -> x / 2))
                .build();
        List<Profile> profiles = ProfileGenerator.generate(config, new long[][] {{5, 1024}, {7, 19}});

        assertEquals(27, profiles.size());
        assertEquals(new Profile(List.of(
                List.of(new Dim.Range(1, 1, 3), new Dim.Range(16, 16, 24)),
                List.of(new Dim.Static(7), new Dim.Range(3, 3, 7)))), profiles.get(0));
        assertEquals(new Profile(List.of(
                List.of(new Dim.Range(5, 5, Dim.UNBOUNDED), new Dim.Range(1024, 1024, Dim.UNBOUNDED)),
                List.of(new Dim.Static(7), new Dim.Range(9, 9, Dim.UNBOUNDED)))), profiles.get(26));
    }

    @Test
    void liveSizeBucketIsAddedAndCapClampsEveryBucket() {
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.of(1, 2, 4, 8, 16), Buckets.nextPowerOfTwo())
                .tuneMaxSize(8)
                .build();
        List<Profile> profiles = ProfileGenerator.generate(config, new long[][] {{3, 10}});
        List<Long> opts = profiles.stream().map(p -> p.optShapes()[0][0]).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L), opts, "16 is clamped to the cap 8; the live 3 maps to 4");
    }

    @Test
    void generatorFunctionGetsTheCapWhenSet() {
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.powersOfTwoUpToSize(), Buckets.nextPowerOfTwo())
                .tuneMaxSize(32)
                .build();
        List<Long> opts = ProfileGenerator.generate(config, new long[][] {{5}}).stream()
                .map(p -> p.optShapes()[0][0]).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L), opts);
    }

    @Test
    void constraintsAreInferredFromTheProfile() {
        TuningConfig config = TuningConfig.builder()
                .dynamic(DynamicDimSpec.of(0, 0, 2, 4))
                .constraint(1, 0, shapes -> shapes[0][0] * 3)
                .build();
        List<Profile> profiles = ProfileGenerator.generate(config, new long[][] {{4, 8}, {12}});
        assertEquals(2, profiles.size());
        assertEquals(6, profiles.get(0).optShapes()[1][0]);
        assertEquals(12, profiles.get(1).optShapes()[1][0]);
    }

    @Test
    void indexOutOfRangeNamesTheFix() {
        TuningConfig config = TuningConfig.builder().dynamic(DynamicDimSpec.of(2, 0, 1, 2)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProfileGenerator.generate(config, new long[][] {{4}}));
        assertTrue(e.getMessage().contains("input 2") && e.getMessage().contains("fix the input index"), e.getMessage());
    }

    @Test
    void nearestProfileMapsCapsAndWildcardsConstraints() {
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.of(1, 2, 4, 8), Buckets.nextPowerOfTwo())
                .constraint(1, 0, shapes -> shapes[0][0])
                .tuneMaxSize(8)
                .build();
        ShapeKeyer keyer = new ShapeKeyer(config);
        Object[] live = {new float[5][16], new int[5]};
        ShapeKey key = keyer.key(live);
        assertEquals("[[8,16],[-1]]", key.toString());
        assertEquals(key.hash64(), keyer.hash(live));
        assertTrue(keyer.matches(key, live));
        assertEquals("[[8,16],[-1]]", keyer.key(new Object[] {new float[100][16], new int[3]}).toString(), "capped at 8");
    }
}
