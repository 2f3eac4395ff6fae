package dev.autotune4j.samples.gpu;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.cuda.Cuda;
import dev.autotune4j.cuda.CudaStreams;
import dev.autotune4j.cuda.DeviceTensor;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.OpStatistics;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.TimingSettings;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answer check on a GPU (issue 15): a GEMM tactic that only clears its output tensor is the fastest and wrong;
 * with the check it never wins, the output tensors being copied back to the host only while checking.
 */
@Tag("gpu")
class AnswerCheckGpuTest {

    @BeforeAll
    static void needsAGpu() {
        Assumptions.assumeTrue(Cuda.available(), () -> "no CUDA: " + Cuda.unavailableReason());
    }

    /** The fallback is the naive kernel; "gemm_smem16" is right; "zeros" clears c (a memset: fastest, wrong). */
    static final class Gemm implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of("gemm_smem16", "zeros");
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            DeviceTensor a = (DeviceTensor) inputs[0];
            DeviceTensor b = (DeviceTensor) inputs[1];
            DeviceTensor c = (DeviceTensor) inputs[2];
            if (tactic == FALLBACK) {
                GpuOps.gemm(a, b, c);
            } else if (tactic.equals("zeros")) {
                Cuda.check(JCudaDriver.cuMemsetD32Async(c.pointer(), 0, c.elements(), CudaStreams.current()),
                        "cuMemsetD32Async");
            } else {
                GpuOps.gemm(a, b, c, new GpuOps.GemmKernel((String) tactic, 16));
            }
            return null;
        }
    }

    @Test
    void aWrongFastestKernelNeverWinsWhenTheOutputTensorIsChecked() {
        Object[] args = {DeviceTensor.random(1, 256, 512), DeviceTensor.random(2, 512, 256), DeviceTensor.allocate(256, 256)};
        TuningConfig config = TuningConfig.builder().outputs(2).tolerance(1e-3, Double.NaN).build();

        AutoTuner unchecked = new AutoTuner(TimingSettings.defaults());
        try (TuningSession s = unchecked.tune()) {
            unchecked.chooseOne("gemm", List.of(new Gemm()), config, args);
        }
        assertEquals("zeros", unchecked.chooseOne("gemm", List.of(new Gemm()), config, args).tactic(),
                "the wrong kernel is the fastest: what the check is for");

        AutoTuner checked = new AutoTuner(TimingSettings.defaults());
        checked.setCheckAnswers(true);
        try (TuningSession s = checked.tune()) {
            checked.chooseOne("gemm", List.of(new Gemm()), config, args);
        }
        Choice c = checked.chooseOne("gemm", List.of(new Gemm()), config, args);
        assertNotEquals("zeros", c.tactic());
        OpStatistics stats = checked.statistics().op("gemm").orElseThrow();
        assertEquals(1, stats.failures().size(), stats.failures().toString());
        assertEquals("zeros", stats.failures().get(0).tactic());
        assertTrue(stats.failures().get(0).reason().contains("in output argument 2, at [0]:"),
                stats.failures().get(0).reason());
        assertTrue(stats.checkMillis() > 0 && stats.checkMillis() < stats.tuningMillis(), stats.toString());
        System.out.printf("gpu answer check: %s, tuning %.1f ms, of which checking %.1f ms (%.0f%%)%n", Cuda.deviceName(),
                stats.tuningMillis(), stats.checkMillis(), 100 * stats.checkMillis() / stats.tuningMillis());
    }
}
