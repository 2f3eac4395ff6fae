package dev.autotune4j.cuda;

import dev.autotune4j.measure.TimerUnusableException;

/**
 * A kernel faulted and left the sticky error that makes the CUDA context unusable: every later call in this
 * process fails. Tuning stops rather than timing garbage; the process must be restarted to use the GPU.
 */
public final class CudaContextLostException extends TimerUnusableException {
    public CudaContextLostException(String message) {
        super(message);
    }
}
