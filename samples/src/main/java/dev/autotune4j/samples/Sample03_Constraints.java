package dev.autotune4j.samples;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.Profiles;

/**
 * Sample 03: constraint dimensions. When one input's size follows from another's (a per-token scale vector
 * has as many rows as the activations), declare it a constraint: every profile sets it from the others, and a
 * live call matches it whatever its size (it shows as -1 in the cache key).
 *
 * <p>Run: {@code java -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.Sample03_Constraints}
 */
public final class Sample03_Constraints {
    private Sample03_Constraints() {
    }

    public static void main(String[] args) {
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.of(8, 16, 32), Buckets.nextPowerOfTwo())   // activations [tokens][width]
                .constraint(1, 0, shapes -> shapes[0][0])                         // scales [tokens]
                .build();
        for (Profile p : Profiles.tunedFor(config, new long[][] {{16, 256}, {16}})) {
            System.out.println("profile " + p + " -> key " + Profiles.servingProfile(config, p.optShapes()));
        }
        System.out.println("a live call [12, 256] + [12] is served by " + Profiles.servingProfile(config, new long[][] {{12, 256}, {12}}));
    }
}
