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

    private static CompilationMXBean bean() {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        return bean != null && bean.isCompilationTimeMonitoringSupported() ? bean : null;
    }
}
