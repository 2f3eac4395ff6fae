package dev.autotune4j.dispatch;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Runners;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The programmatic path for code that cannot be annotated: runners from lambdas around a "third-party" class. */
class RunnersTest {
    /** Stands for a class we cannot change. */
    static final class Vendor {
        static int sum(int[] a, int passes) {
            int s = 0;
            for (int p = 0; p < passes; p++) {
                for (int v : a) {
                    s += v;
                }
            }
            return s / passes;
        }
    }

    @Test
    void lambdaRunnersTuneAndReplay() throws Exception {
        AutoTuner tuner = Tuners.quick();
        TunableOp op = tuner.op("vendor-sum", List.of(
                Runners.fallback("naive", in -> { SpinRunner.spin(40); return Vendor.sum((int[]) in[0], 1); }),
                Runners.of("passes", List.of(1, 3), (in, t) -> { SpinRunner.spin((Integer) t * 5); return Vendor.sum((int[]) in[0], (Integer) t); })),
                TuningConfig.builder().dynamic(0, 0, Buckets.of(4, 8), Buckets.nextPowerOfTwo()).build());
        int[] a = {1, 2, 3, 4};
        try (TuningSession s = tuner.tune()) {
            assertEquals(10, op.run((Object) a));
        }
        assertEquals(1, op.choose(new Object[] {a}).tactic());
        assertEquals(1, op.choose(new Object[] {a}).runnerIndex());
        assertEquals(10, op.run((Object) a));
        assertEquals("passes", tuner.cacheEntries().get(0).key().runnerId());
        assertThrows(IllegalArgumentException.class, () -> Runners.of(" ", List.of(), (in, t) -> null));
    }
}
