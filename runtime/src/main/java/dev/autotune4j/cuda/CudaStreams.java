package dev.autotune4j.cuda;

import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * The stream that GPU tactics launch on, per thread, like {@code torch.cuda.current_stream()}: a
 * non-blocking stream created for the thread on first use, or one the application sets. The timer sets its
 * own stream while it times a tactic, so tactics must launch on {@link #current()}.
 */
public final class CudaStreams {
    private static final ThreadLocal<CUstream> CURRENT = new ThreadLocal<>();

    private CudaStreams() {
    }

    public static CUstream current() {
        CUstream s = CURRENT.get();
        if (s == null) {
            Cuda.makeCurrent();
            s = new CUstream();
            Cuda.check(JCudaDriver.cuStreamCreate(s, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
            CURRENT.set(s);
        }
        return s;
    }

    /** Sets this thread's stream; returns the previous one (null if none), for restoring it. */
    public static CUstream set(CUstream stream) {
        CUstream previous = CURRENT.get();
        CURRENT.set(stream);
        return previous;
    }

    public static void synchronize() {
        Cuda.check(JCudaDriver.cuStreamSynchronize(current()), "cuStreamSynchronize");
    }
}
