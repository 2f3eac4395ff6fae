package dev.autotune4j.measure;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether the JIT is compiling: the total compilation time the JVM reports (the compilation MXBean), on JDK 17 and
 * 25 alike. A change between two readings means a compile finished meanwhile, which may have been a tactic's own
 * (about to get faster) or a deoptimization of one: samples taken across it are not samples of settled code.
 */
public final class Jit {
    private static final CompilationMXBean BEAN = bean();

    private Jit() {
    }

    /** Total JIT compilation time so far, or -1 when the JVM does not tell (then only timings decide). */
    public static long compileMillis() {
        return BEAN != null ? BEAN.getTotalCompilationTime() : -1;
    }

    /**
     * Nanoseconds HotSpot's compiler threads have spent on a CPU (see {@link CompilerThreads}), or -1 when unknown.
     * It moves while a compile runs, where {@link #compileMillis()} moves only when one ends; compare two readings
     * for a change, not a rise (compiler threads come and go).
     */
    public static long compilerCpuNanos() {
        return CompilerThreads.cpuNanos();
    }

    /**
     * Waits until the JIT has finished no compile for {@code quietMillis}, or {@code maxMillis} passed; true when it
     * went quiet. A JVM whose compiled code was just discarded (the first class redefinition of a dynamic attach
     * discards all of it on JDK 17) recompiles its hot code on the same cores its requests need.
     */
    public static boolean awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException {
        long last = compileMillis();
        if (last < 0) {
            return true;
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < quietMillis * 1_000_000) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(50, quietMillis)));
            long now = compileMillis();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        return true;
    }

    private static CompilationMXBean bean() {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        return bean != null && bean.isCompilationTimeMonitoringSupported() ? bean : null;
    }
}
