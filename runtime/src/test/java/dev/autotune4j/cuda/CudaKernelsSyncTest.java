package dev.autotune4j.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed PTX is what nvcc makes of the CUDA sources (checked where nvcc is on the PATH). */
class CudaKernelsSyncTest {

    @Test
    void committedPtxMatchesTheSources(@TempDir Path dir) throws Exception {
        Path source = Path.of("src/main/cuda/autotune4j_kernels.cu");
        Path committed = Path.of("src/main/resources/dev/autotune4j/cuda/autotune4j_kernels.ptx");
        assertTrue(Files.exists(source) && Files.exists(committed));
        Path out = dir.resolve("k.ptx");
        Process p;
        try {
            p = new ProcessBuilder("nvcc", "-ptx", "-arch=compute_80", "-o", out.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("nvcc is not on the PATH: the committed PTX is used as it is");
            return;
        }
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        assertEquals(code(committed), code(out),
                "src/main/resources/.../autotune4j_kernels.ptx is stale: regenerate it with "
                        + "nvcc -ptx -arch=compute_80 -o <that file> src/main/cuda/autotune4j_kernels.cu");
    }

    /** The PTX without its comment lines (they name the compiler build). */
    private static List<String> code(Path ptx) throws Exception {
        return Files.readAllLines(ptx).stream().filter(l -> !l.startsWith("//")).toList();
    }

    @Test
    void everyKernelTheJavaSideUsesIsInThePtx() throws Exception {
        String ptx = new String(Kernels.ptx());
        for (String kernel : List.of("spin_ns", "fill_random", "gemm_naive", "gemm_smem8", "gemm_smem16", "gemm_smem32",
                "gemm_regblock4", "softmax_naive", "softmax_warp", "softmax_block")) {
            assertTrue(ptx.contains(".visible .entry " + kernel + "("), kernel);
        }
        assertTrue(ptx.contains(".target sm_80"), "PTX for compute_80 loads on Ampere and Hopper");
    }
}
