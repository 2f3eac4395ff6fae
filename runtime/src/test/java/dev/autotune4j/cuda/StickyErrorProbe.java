package dev.autotune4j.cuda;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunerInternals;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.TimingSettings;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

import java.util.List;

/**
 * Run in a child JVM by {@link CudaTimerGpuTest}: tunes an op one of whose tactics writes through a null
 * device pointer, which faults and loses the CUDA context for the whole process. Prints what the tuner did.
 */
public final class StickyErrorProbe {
    private StickyErrorProbe() {
    }

    public static void main(String[] args) {
        Runner runner = new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of("ok", "faults");
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                if ("faults".equals(tactic)) {
                    Kernels.launch("fill_random", 1, 1, 32, 1, 0, CudaStreams.current(), Pointer.to(new CUdeviceptr()),
                            Pointer.to(new long[] {1 << 20}), Pointer.to(new long[] {1}));
                } else {
                    Kernels.spin(CudaStreams.current(), tactic == FALLBACK ? 20 : 5);
                }
                return null;
            }
        };
        AutoTuner tuner = new AutoTuner(TimingSettings.defaults());
        try (TuningSession s = tuner.tune()) {
            Choice c = tuner.chooseOne("faulty", List.of(runner), TuningConfig.defaults(), DeviceTensor.allocate(4));
            System.out.println("choice: " + c);
        }
        System.out.println("cache entries: " + TunerInternals.entries(tuner).size());
        System.out.println("statistics: " + tuner.statistics().toTable().replace('\n', ' '));
    }
}
