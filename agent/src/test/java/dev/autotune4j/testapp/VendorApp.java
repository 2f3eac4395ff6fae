package dev.autotune4j.testapp;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Runners;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.binding.TunableTargets;

import java.util.Arrays;
import java.util.List;

/**
 * Registers the methods of {@link VendorMath} for tuning without annotations and calls them. {@code sum} is
 * called once before its registration, so its class is already loaded: the agent must retransform it.
 * Prints {@code label result} lines.
 */
public final class VendorApp {
    private VendorApp() {
    }

    public static void main(String[] args) {
        float[] ones = new float[100];
        Arrays.fill(ones, 1f);
        System.out.println("before " + (long) VendorMath.sum(ones));

        TuningConfig config = TuningConfig.builder().dynamic(0, 0, Buckets.of(64, 128), Buckets.nextPowerOfTwo()).build();
        TunableTargets.register(VendorMath.class.getName(), "sum", List.of(float[].class), "vendor-sum", config,
                List.of(Runners.of("one-pass", List.of(1), (in, t) -> VendorMath.onePass((float[]) in[0]))));
        TunableTargets.register(VendorMath.class.getName(), "scaled", List.of(float[].class), "vendor-scaled", config,
                List.of(Runners.of("one-pass", List.of(1),
                        (in, t) -> 3 * VendorMath.onePass((float[]) in[1]))));   // in[0] is the receiver
        System.out.println("static " + (long) VendorMath.sum(ones));
        System.out.println("instance " + (long) new VendorMath(3).scaled(ones));
    }
}
