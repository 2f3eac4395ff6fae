package dev.autotune4j.measure;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The compiler threads' CPU time moves while the JIT compiles, so a round spent compiling can be told apart. */
class CompilerThreadsTest {

    /** A method no other test calls: hot, it is compiled by C1 and then C2 while this test watches. */
    private static long fresh(long x) {
        long s = x;
        for (int i = 0; i < 64; i++) {
            s = s * 6364136223846793005L + i ^ (s >>> 13);
        }
        return s;
    }

    /**
     * The files are shared by every thread that asks; one reader interrupted while reading (a tuning thread stopped)
     * closed them for all, and the time read 0 from then on (this class's other test failed when run after one).
     */
    @Test
    void aReaderInterruptedWhileReadingDoesNotBlindTheOthers() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        Thread.currentThread().interrupt();
        long interrupted;
        try {
            interrupted = Jit.compilerCpuNanos();
        } finally {
            Thread.interrupted();
        }
        assertTrue(interrupted > 0, "read while interrupted: " + interrupted);
        assertTrue(Jit.compilerCpuNanos() > 0, "read afterwards: " + Jit.compilerCpuNanos());
    }

    @Test
    void theCompilerThreadsTimeMovesWhenAMethodIsCompiled() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        long before = Jit.compilerCpuNanos();
        assertTrue(before > 0, "HotSpot's compiler threads have run by now: " + before);
        long compiledBefore = Jit.compileMillis();
        long sink = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        // until a compile has ended (the MXBean), by which time the compiler threads have run
        while (Jit.compileMillis() == compiledBefore && System.nanoTime() < deadline) {
            for (int i = 0; i < 20_000; i++) {
                sink += fresh(i);
            }
        }
        long after = Jit.compilerCpuNanos();
        assertTrue(after != before, "compiler threads ran " + before + " -> " + after + " ns (sink " + sink + ")");
    }
}
