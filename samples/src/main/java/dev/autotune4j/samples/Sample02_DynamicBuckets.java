package dev.autotune4j.samples;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.Profiles;

/**
 * Sample 02: dynamic dimensions and buckets. A dynamic dimension is tuned at a few bucket sizes (plus the
 * live size's bucket), each standing for a range of sizes; a live call is served by the bucket its size maps
 * to, capped at the largest tuned size. This prints the profiles a call generates and where sizes land.
 *
 * <p>Run: {@code java -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.Sample02_DynamicBuckets}
 */
public final class Sample02_DynamicBuckets {
    private Sample02_DynamicBuckets() {
    }

    public static void main(String[] args) {
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.powersOfTwoUpToSize(), Buckets.nextPowerOfTwo())   // tokens
                .tuneMaxSize(64)
                .build();
        long[][] live = {{20, 512}};   // a call with 20 tokens of width 512
        System.out.println("profiles generated for a call of shape [20, 512]:");
        for (Profile p : Profiles.tunedFor(config, live)) {
            System.out.println("  " + p);
        }
        System.out.println("live sizes and the profile that serves them:");
        for (int tokens : new int[] {1, 3, 20, 64, 65, 1000}) {
            System.out.printf("  %4d tokens -> %s%n", tokens, Profiles.servingProfile(config, new long[][] {{tokens, 512}}));
        }
    }
}
