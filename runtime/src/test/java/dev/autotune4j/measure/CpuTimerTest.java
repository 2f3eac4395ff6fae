package dev.autotune4j.measure;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunerInternals;
import dev.autotune4j.dispatch.TuningSession;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuTimerTest {

    /** Sums an array {@code passes} times: real work the JIT compiles, with cost proportional to passes. */
    static final class SumRunner implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(2, 1);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            float[] a = (float[]) inputs[0];
            int passes = tactic == FALLBACK ? 4 : (Integer) tactic;
            float s = 0;
            for (int p = 0; p < passes; p++) {
                for (float v : a) {
                    s += v * (p + 1);
                }
            }
            return s;
        }
    }

    private static Object[] data() {
        float[] data = new float[20_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 7) - 3;
        }
        return new Object[] {data};
    }

    /** Tactics whose costs differ by 2x are ranked correctly by the tuner, the slower one listed first. */
    @RepeatedTest(3)
    void twoTimesCostIsRankedCorrectly() {
        AutoTuner tuner = new AutoTuner(TimingSettings.defaults());
        try (TuningSession s = tuner.tune()) {
            assertEquals(1, tuner.chooseOne("sum", List.of(new SumRunner()), TuningConfig.defaults(), data()).tactic());
        }
        CacheEntry entry = TunerInternals.entries(tuner).get(0);
        double ratio = entry.fallbackNanos() / entry.nanos();
        assertTrue(ratio > 1.5 && ratio < 6, "fallback (4 passes) / tuned (1 pass) = " + ratio);
    }

    /**
     * Interleaved samples of two tactics rank their 2x cost ratio with margin. The bound is loose on purpose:
     * on this 2-core VM the JIT's code for the shared loop sometimes runs the 1-pass call 1.5x slower per pass
     * (seen: ratio 1.3), which is what the JVM really does at that moment, not a timing error.
     */
    @RepeatedTest(3)
    void interleavedSamplesMeasureTheCostRatio() throws Exception {
        CpuTimer timer = new CpuTimer(TimingSettings.defaults());
        Object[] inputs = data();
        SumRunner runner = new SumRunner();
        TacticTimer.Timing two = timer.start(runner, inputs, 2, TuningConfig.defaults());
        TacticTimer.Timing one = timer.start(runner, inputs, 1, TuningConfig.defaults());
        assertEquals(10, one.samplesWanted());
        double[] a = new double[10];
        double[] b = new double[10];
        for (int i = 0; i < 10; i++) {
            a[i] = two.sample();
            b[i] = one.sample();
        }
        double ratio = Measurement.of(a, 10).nanos() / Measurement.of(b, 10).nanos();
        assertTrue(ratio > 1.2 && ratio < 2.6, "2 passes / 1 pass = " + ratio);
    }

    @Test
    void longTacticsGetFewerSamples() throws Exception {
        CpuTimer timer = new CpuTimer(TimingSettings.quick());
        Runner slow = new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of(1);
            }

            @Override
            public Object run(Object[] inputs, Object tactic) throws InterruptedException {
                Thread.sleep(3);
                return tactic;
            }
        };
        Measurement m = timer.measure(slow, new Object[] {new float[1]}, 1, TuningConfig.defaults());
        assertEquals(2, m.samples(), "a tactic over the 1 ms short-profile threshold is timed twice");
        assertTrue(m.nanos() >= 3_000_000, "slept 3 ms: " + m.nanos());
    }

    @Test
    void coldCacheCopiesAreSizedFromTheLastLevelCache() {
        long llc = CacheSizes.lastLevelCacheBytes();
        float[] small = new float[1024];
        Object[][] copies = CpuTimer.coldCopies(new Object[] {small, 3}, 10);
        assertEquals(11, copies.length, "a 4 KiB input needs the cap, repeat + 1 copies");
        assertTrue(copies[1][0] != small && copies[1][1].equals(3), "arrays copied, scalars shared");
        float[] big = new float[(int) Math.min(Integer.MAX_VALUE - 8, llc)];
        assertEquals(1 + 3 * llc / (4L * big.length), CpuTimer.coldCopies(new Object[] {big}, 10).length);
    }

    @Test
    void cacheSizeParsesSysfsUnits() {
        assertEquals(32L << 20, CacheSizes.parseSize("32768K"));
        assertEquals(8L << 20, CacheSizes.parseSize("8M"));
        assertTrue(CacheSizes.lastLevelCacheBytes() > 0);
    }
}
