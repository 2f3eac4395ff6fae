package dev.autotune4j.samples.gpu;

import dev.autotune4j.api.Constraint;
import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;
import dev.autotune4j.cuda.CudaStreams;
import dev.autotune4j.cuda.DeviceTensor;
import dev.autotune4j.cuda.Kernels;
import jcuda.Pointer;

import java.util.ArrayList;
import java.util.List;

/**
 * GPU ops of the sample service, kernels from {@code runtime/src/main/cuda}: a GEMM family (tiles of 8, 16
 * and 32 in shared memory, and a register-blocked 64 x 64 tile) and a row-softmax family (a warp or a block
 * per row). The bodies (one thread per output element, one thread per row) are the fallbacks. Each writes
 * into an output tensor, so the launches can be captured in a CUDA graph; each launches on the current stream.
 */
public final class GpuOps {
    /** A GEMM kernel: its name and the tile its launch geometry uses. */
    public record GemmKernel(String kernel, int tile) {
    }

    public enum SoftmaxKernel { WARP_PER_ROW, BLOCK_PER_ROW }

    private GpuOps() {
    }

    /**
     * {@code c[M,N] = a[M,K] b[K,N]}; M (tokens) is dynamic, c's rows follow a's. The answer is {@code c}
     * ({@code outputs = 2}); a tiled kernel sums its K products in another order than the naive one, an error
     * that grows like sqrt(K) times the float epsilon: with values in [-1, 1) and K up to a few thousand,
     * {@code atol = 1e-3} admits that and no wrong element.
     */
    @Tunable(op = "gpu_gemm", dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = 4096),
            constraints = @Constraint(arg = 2, dim = 0, method = "rowsOfA"), outputs = 2, atol = 1e-3)
    public static void gemm(DeviceTensor a, DeviceTensor b, DeviceTensor c) {
        launchGemm("gemm_naive", 16, a, b, c);
    }

    static void gemm(DeviceTensor a, DeviceTensor b, DeviceTensor c, @Tactic(provider = "gemmKernels") GemmKernel k) {
        launchGemm(k.kernel(), k.tile(), a, b, c);
    }

    static List<GemmKernel> gemmKernels(DeviceTensor a, DeviceTensor b, DeviceTensor c) {
        List<GemmKernel> out = new ArrayList<>(List.of(new GemmKernel("gemm_smem8", 8), new GemmKernel("gemm_smem16", 16),
                new GemmKernel("gemm_smem32", 32)));
        if (a.dim(0) >= 64) {
            out.add(new GemmKernel("gemm_regblock4", 64));   // its 64-row tile is mostly idle below 64 tokens
        }
        return out;
    }

    static long rowsOfA(long[][] shapes) {
        return shapes[0][0];
    }

    private static void launchGemm(String kernel, int tile, DeviceTensor a, DeviceTensor b, DeviceTensor c) {
        int m = (int) a.dim(0);
        int k = (int) a.dim(1);
        int n = (int) b.dim(1);
        int block = kernel.equals("gemm_regblock4") ? 16 : tile;
        Kernels.launch(kernel, (n + tile - 1) / tile, (m + tile - 1) / tile, block, block, 0, CudaStreams.current(),
                Pointer.to(a.pointer()), Pointer.to(b.pointer()), Pointer.to(c.pointer()),
                Pointer.to(new int[] {m}), Pointer.to(new int[] {n}), Pointer.to(new int[] {k}));
    }

    /** Row softmax of {@code x[rows, cols]} into {@code y} (the answer, checked at the float defaults); rows dynamic. */
    @Tunable(op = "gpu_softmax", dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = 4096),
            constraints = @Constraint(arg = 1, dim = 0, method = "rowsOfA"), outputs = 1)
    public static void softmax(DeviceTensor x, DeviceTensor y) {
        int rows = (int) x.dim(0);
        launchSoftmax("softmax_naive", (rows + 127) / 128, 128, x, y);
    }

    static void softmax(DeviceTensor x, DeviceTensor y, @Tactic SoftmaxKernel k) {
        int rows = (int) x.dim(0);
        if (k == SoftmaxKernel.WARP_PER_ROW) {
            launchSoftmax("softmax_warp", (rows + 3) / 4, 128, x, y);
        } else {
            launchSoftmax("softmax_block", rows, 256, x, y);
        }
    }

    private static void launchSoftmax(String kernel, int grid, int block, DeviceTensor x, DeviceTensor y) {
        Kernels.launch(kernel, grid, 1, block, 1, 0, CudaStreams.current(), Pointer.to(x.pointer()),
                Pointer.to(y.pointer()), Pointer.to(new int[] {(int) x.dim(0)}), Pointer.to(new int[] {(int) x.dim(1)}));
    }
}
