package dev.autotune4j.measure;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuProfilerTest {

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

    /** Tactics whose costs differ by 2x are ranked correctly, the slower one measured first. */
    @RepeatedTest(3)
    void twoTimesCostIsRankedCorrectly() throws Exception {
        CpuProfiler profiler = new CpuProfiler(ProfilerSettings.defaults().withWarmup(2, java.time.Duration.ofMillis(100)));
        float[] data = new float[20_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 7) - 3;
        }
        Object[] inputs = {data};
        SumRunner runner = new SumRunner();
        Measurement two = profiler.measure(runner, inputs, 2, TuningConfig.defaults());
        Measurement one = profiler.measure(runner, inputs, 1, TuningConfig.defaults());
        double ratio = two.nanos() / one.nanos();
        assertTrue(ratio > 1.5 && ratio < 2.6, "2 passes / 1 pass = " + ratio);
        assertEquals(10, one.samples());
    }

    @Test
    void longTacticsGetFewerSamples() throws Exception {
        CpuProfiler profiler = new CpuProfiler(ProfilerSettings.quick());
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
        Measurement m = profiler.measure(slow, new Object[] {new float[1]}, 1, TuningConfig.defaults());
        assertEquals(2, m.samples(), "a tactic over the 1 ms short-profile threshold is timed twice");
        assertTrue(m.nanos() >= 3_000_000, "slept 3 ms: " + m.nanos());
    }

    @Test
    void coldCacheCopiesAreSizedFromTheLastLevelCache() {
        long llc = CacheSizes.lastLevelCacheBytes();
        float[] small = new float[1024];
        Object[][] copies = CpuProfiler.coldCopies(new Object[] {small, 3}, 10);
        assertEquals(11, copies.length, "a 4 KiB input needs the cap, repeat + 1 copies");
        assertTrue(copies[1][0] != small && copies[1][1].equals(3), "arrays copied, scalars shared");
        float[] big = new float[(int) Math.min(Integer.MAX_VALUE - 8, llc)];
        assertEquals(1 + 3 * llc / (4L * big.length), CpuProfiler.coldCopies(new Object[] {big}, 10).length);
    }

    @Test
    void cacheSizeParsesSysfsUnits() {
        assertEquals(32L << 20, CacheSizes.parseSize("32768K"));
        assertEquals(8L << 20, CacheSizes.parseSize("8M"));
        assertTrue(CacheSizes.lastLevelCacheBytes() > 0);
    }
}
