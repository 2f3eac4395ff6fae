package dev.autotune4j.testapp;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Runners;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.binding.TunableTargets;

import java.util.Arrays;
import java.util.List;

/**
 * Registers {@link VendorMath#sum} for tuning in a JVM started without the agent, then calls it for
 * {@code seconds}, printing {@code tick result} lines every 100 ms: 800 from the vendor's body, 100 from the
 * registered one-pass candidate. The agent is attached later, so the class was loaded and registered first.
 */
public final class LateAttachVendorApp {
    private LateAttachVendorApp() {
    }

    public static void main(String[] args) throws Exception {
        float[] ones = new float[100];
        Arrays.fill(ones, 1f);
        VendorMath.sum(ones);
        TuningConfig config = TuningConfig.builder().dynamic(0, 0, Buckets.of(64, 128), Buckets.nextPowerOfTwo()).build();
        TunableTargets.register(VendorMath.class.getName(), "sum", List.of(float[].class), "late-sum", config,
                List.of(Runners.of("one-pass", List.of(1), (in, t) -> VendorMath.onePass((float[]) in[0]))));
        System.out.println("ready pid=" + ProcessHandle.current().pid());
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        while (System.nanoTime() < end) {
            System.out.println("tick " + (long) VendorMath.sum(ones));
            Thread.sleep(100);
        }
    }
}
