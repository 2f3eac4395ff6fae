package dev.autotune4j.cuda;

import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernels shipped as PTX ({@code src/main/cuda/autotune4j_kernels.cu}), loaded once with
 * {@code cuModuleLoadData} (the driver compiles the PTX for the device), and a launch helper.
 */
public final class Kernels {
    static final String PTX = "/dev/autotune4j/cuda/autotune4j_kernels.ptx";
    private static volatile CUmodule module;
    private static final Map<String, CUfunction> FUNCTIONS = new ConcurrentHashMap<>();

    private Kernels() {
    }

    public static CUfunction function(String name) {
        return FUNCTIONS.computeIfAbsent(name, n -> {
            CUfunction f = new CUfunction();
            Cuda.check(JCudaDriver.cuModuleGetFunction(f, module(), n), "cuModuleGetFunction(" + n + ")");
            return f;
        });
    }

    private static CUmodule module() {
        CUmodule m = module;
        if (m == null) {
            synchronized (Kernels.class) {
                m = module;
                if (m == null) {
                    Cuda.makeCurrent();
                    byte[] ptx = ptx();
                    byte[] terminated = java.util.Arrays.copyOf(ptx, ptx.length + 1);
                    m = new CUmodule();
                    Cuda.check(JCudaDriver.cuModuleLoadData(m, terminated), "cuModuleLoadData(" + PTX + ")");
                    module = m;
                }
            }
        }
        return m;
    }

    static byte[] ptx() {
        try (InputStream in = Kernels.class.getResourceAsStream(PTX)) {
            if (in == null) {
                throw new IllegalStateException(PTX + " is missing from the runtime jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Launches a kernel on a stream; each argument a {@link Pointer} to its value. */
    public static void launch(String kernel, int gridX, int gridY, int blockX, int blockY, int sharedBytes,
                              CUstream stream, Pointer... args) {
        Cuda.makeCurrent();
        Cuda.check(JCudaDriver.cuLaunchKernel(function(kernel), gridX, gridY, 1, blockX, blockY, 1, sharedBytes, stream,
                Pointer.to(args), null), "cuLaunchKernel(" + kernel + ")");
    }

    /** Enqueues a kernel that spins for {@code micros} on the stream. */
    public static void spin(CUstream stream, double micros) {
        launch("spin_ns", 1, 1, 1, 1, 0, stream, Pointer.to(new long[] {Math.round(micros * 1000)}));
    }
}
