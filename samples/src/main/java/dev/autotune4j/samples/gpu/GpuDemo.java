package dev.autotune4j.samples.gpu;

import dev.autotune4j.api.Mode;
import dev.autotune4j.cuda.Cuda;
import dev.autotune4j.cuda.CudaStreams;
import dev.autotune4j.cuda.DeviceTensor;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.OpStatistics;

import java.util.Locale;

/**
 * The GPU ops under the agent: tunes (or, with a cache, replays) the GEMM and softmax families on token
 * buckets 1..4096 and prints, per bucket, the chosen kernel and the fallback's and tuned times as the
 * agent's report shows them. Without a GPU it says so in one line and exits 0.
 *
 * <p>Run on the GPU machine (see docs/gpu.md):
 * {@code .gpu/run -javaagent:.gpu/lib/autotune4j-agent.jar=mode=tune,cache=/tmp/gpu.json dev.autotune4j.samples.gpu.GpuDemo}
 */
public final class GpuDemo {
    private GpuDemo() {
    }

    public static void main(String[] args) throws Exception {
        if (!Cuda.available()) {
            System.out.println("GPU ops skipped: " + Cuda.unavailableReason());
            return;
        }
        System.out.println("GPU: " + Cuda.identity());
        int k = 1024;
        int n = 1024;
        DeviceTensor w = DeviceTensor.random(1, k, n);
        for (int tokens : new int[] {1, 7, 64, 300, 1024, 4096}) {
            DeviceTensor x = DeviceTensor.random(tokens, tokens, k);
            DeviceTensor out = DeviceTensor.allocate(tokens, n);
            DeviceTensor probs = DeviceTensor.allocate(tokens, n);
            for (int call = 0; call < 3; call++) {
                GpuOps.gemm(x, w, out);
                GpuOps.softmax(out, probs);
            }
            CudaStreams.synchronize();
            float[] p = probs.toHost();
            double rowSum = 0;
            for (int j = 0; j < n; j++) {
                rowSum += p[j];
            }
            System.out.printf(Locale.ROOT, "tokens %5d: softmax row 0 sums to %.4f%n", tokens, rowSum);
        }
        AutoTuner tuner = AutoTuner.get();
        System.out.println("mode " + tuner.mode());
        for (OpStatistics o : tuner.statistics().ops()) {
            System.out.printf(Locale.ROOT, "%s: %d tuned profiles, %d hits, %d misses, %d failures; tuning %.0f ms, of "
                            + "which the answer check %.0f ms (%s)%n", o.op(), o.tunedProfiles(), o.hits(), o.misses(),
                    o.failures().size(), o.tuningMillis(), o.checkMillis(), tuner.checksAnswers() ? "on" : "off");
        }
        if (tuner.mode() == Mode.TUNE) {
            tuner.setMode(Mode.REPLAY);   // saves the cache when one is set
        }
    }
}
