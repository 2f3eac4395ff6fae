package dev.autotune4j.samples.gpu;

import dev.autotune4j.cuda.Cuda;
import dev.autotune4j.cuda.CudaStreams;
import dev.autotune4j.cuda.DeviceTensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every GPU tactic computes what the CPU computes (tagged gpu; skipped without a CUDA driver). */
@Tag("gpu")
class GpuOpsGpuTest {

    @BeforeAll
    static void needsAGpu() {
        Assumptions.assumeTrue(Cuda.available(), () -> "no CUDA: " + Cuda.unavailableReason());
    }

    @Test
    void everyGemmKernelMatchesTheCpu() {
        for (int[] mkn : new int[][] {{1, 64, 32}, {37, 100, 70}, {128, 256, 192}}) {
            int m = mkn[0];
            int k = mkn[1];
            int n = mkn[2];
            DeviceTensor a = DeviceTensor.random(1, m, k);
            DeviceTensor b = DeviceTensor.random(2, k, n);
            float[] ha = a.toHost();
            float[] hb = b.toHost();
            float[] expected = new float[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0;
                    for (int p = 0; p < k; p++) {
                        s += ha[i * k + p] * hb[p * n + j];
                    }
                    expected[i * n + j] = s;
                }
            }
            DeviceTensor c = DeviceTensor.allocate(m, n);
            GpuOps.gemm(a, b, c);
            assertClose(expected, c.toHost(), "gemm_naive " + m + "x" + k + "x" + n);
            for (GpuOps.GemmKernel kernel : java.util.List.of(new GpuOps.GemmKernel("gemm_smem8", 8),
                    new GpuOps.GemmKernel("gemm_smem16", 16), new GpuOps.GemmKernel("gemm_smem32", 32),
                    new GpuOps.GemmKernel("gemm_regblock4", 64))) {
                DeviceTensor out = DeviceTensor.allocate(m, n);
                GpuOps.gemm(a, b, out, kernel);
                assertClose(expected, out.toHost(), kernel + " " + m + "x" + k + "x" + n);
            }
        }
    }

    @Test
    void everySoftmaxKernelMatchesTheCpu() {
        int rows = 33;
        int cols = 300;
        DeviceTensor x = DeviceTensor.random(3, rows, cols);
        float[] hx = x.toHost();
        float[] expected = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, hx[r * cols + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(hx[r * cols + c] - max);
            }
            for (int c = 0; c < cols; c++) {
                expected[r * cols + c] = (float) (Math.exp(hx[r * cols + c] - max) / sum);
            }
        }
        DeviceTensor y = DeviceTensor.allocate(rows, cols);
        GpuOps.softmax(x, y);
        assertClose(expected, y.toHost(), "softmax_naive");
        for (GpuOps.SoftmaxKernel kernel : GpuOps.SoftmaxKernel.values()) {
            DeviceTensor out = DeviceTensor.allocate(rows, cols);
            GpuOps.softmax(x, out, kernel);
            CudaStreams.synchronize();
            assertClose(expected, out.toHost(), kernel.name());
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            float tolerance = 1e-3f * Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance,
                    what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }
}
