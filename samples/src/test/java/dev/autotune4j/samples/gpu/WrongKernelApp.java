package dev.autotune4j.samples.gpu;

import dev.autotune4j.api.Constraint;
import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;
import dev.autotune4j.cuda.Cuda;
import dev.autotune4j.cuda.CudaStreams;
import dev.autotune4j.cuda.DeviceTensor;
import jcuda.driver.JCudaDriver;

/**
 * The answer check on the agent path on a GPU (issue 15), run under the agent on a GPU machine: a GEMM op whose
 * fastest overload only clears its output. Each call's result is compared with the CPU's; the program prints
 * {@code rows ok} or {@code rows WRONG} per call and exits 1 after a wrong one. With {@code check=on} every
 * call is right; with {@code check=off} the clearing overload wins and the calls are wrong.
 *
 * <p>{@code java -javaagent:autotune4j-agent.jar=mode=tune,tuning=inline,check=on ... WrongKernelApp}
 */
public final class WrongKernelApp {
    public enum Variant { SMEM16, ZEROS }

    private WrongKernelApp() {
    }

    @Tunable(op = "gpu_gemm_checked", dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = 1024),
            constraints = @Constraint(arg = 2, dim = 0, method = "rowsOfA"), outputs = 2, atol = 1e-3)
    public static void gemm(DeviceTensor a, DeviceTensor b, DeviceTensor c) {
        GpuOps.gemm(a, b, c);
    }

    static void gemm(DeviceTensor a, DeviceTensor b, DeviceTensor c, @Tactic Variant v) {
        if (v == Variant.ZEROS) {
            Cuda.check(JCudaDriver.cuMemsetD32Async(c.pointer(), 0, c.elements(), CudaStreams.current()), "cuMemsetD32Async");
        } else {
            GpuOps.gemm(a, b, c, new GpuOps.GemmKernel("gemm_smem16", 16));
        }
    }

    static long rowsOfA(long[][] shapes) {
        return shapes[0][0];
    }

    public static void main(String[] args) {
        boolean wrong = false;
        for (int rows : new int[] {64, 256, 64, 256}) {
            int k = 256;
            int n = 128;
            DeviceTensor a = DeviceTensor.random(rows, rows, k);
            DeviceTensor b = DeviceTensor.random(7, k, n);
            DeviceTensor c = DeviceTensor.allocate(rows, n);
            gemm(a, b, c);
            float[] ha = a.toHost();
            float[] hb = b.toHost();
            float[] hc = c.toHost();
            boolean ok = true;
            for (int i = 0; i < rows && ok; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0;
                    for (int p = 0; p < k; p++) {
                        s += ha[i * k + p] * hb[p * n + j];
                    }
                    if (Math.abs(s - hc[i * n + j]) > 1e-3f + 1e-3f * Math.abs(s)) {
                        ok = false;
                        break;
                    }
                }
            }
            System.out.println(rows + (ok ? " ok" : " WRONG"));
            wrong |= !ok;
        }
        System.exit(wrong ? 1 : 0);
    }
}
