package dev.autotune4j.cuda;

import jcuda.driver.CUresult;

/** A CUDA driver call failed; the message names the call and the error. */
public class CudaException extends RuntimeException {
    private final int code;

    public CudaException(String call, int code) {
        super(call + " failed: " + CUresult.stringFor(code) + " (" + code + ")");
        this.code = code;
    }

    public int code() {
        return code;
    }
}
