package dev.autotune4j.cuda;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The CUDA driver, through JCuda: device 0 and its primary context, made current on whichever thread uses it
 * (the tuner profiles on its own thread). {@link #available()} never throws: without JCuda's natives, a driver
 * or a device it says why in {@link #unavailableReason()}.
 */
public final class Cuda {
    /** Errors after which the context is unusable (the "sticky" errors of the CUDA documentation). */
    private static final Set<Integer> STICKY = Set.of(CUresult.CUDA_ERROR_ILLEGAL_ADDRESS,
            CUresult.CUDA_ERROR_LAUNCH_FAILED, CUresult.CUDA_ERROR_ILLEGAL_INSTRUCTION,
            CUresult.CUDA_ERROR_MISALIGNED_ADDRESS, CUresult.CUDA_ERROR_INVALID_ADDRESS_SPACE,
            CUresult.CUDA_ERROR_INVALID_PC, CUresult.CUDA_ERROR_HARDWARE_STACK_ERROR, CUresult.CUDA_ERROR_ASSERT,
            CUresult.CUDA_ERROR_ECC_UNCORRECTABLE);

    private static volatile State state;
    private static final java.util.List<Runnable> ON_INITIALIZED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Cuda() {
    }

    private record State(CUdevice device, CUcontext context, String unavailable) {
    }

    /** Whether a CUDA device can be used in this process. */
    public static boolean available() {
        return state().unavailable == null;
    }

    /** Why CUDA cannot be used, or null. */
    public static String unavailableReason() {
        return state().unavailable;
    }

    /** Whether CUDA was initialized in this process (without initializing it). */
    public static boolean initialized() {
        State s = state;
        return s != null && s.unavailable == null;
    }

    private static State state() {
        State s = state;
        if (s == null) {
            boolean started = false;
            synchronized (Cuda.class) {
                s = state;
                if (s == null) {
                    s = state = init();
                    started = s.unavailable == null;
                }
            }
            if (started) {
                for (Runnable r : ON_INITIALIZED) {
                    r.run();   // outside the lock: a listener may ask for CUDA's identity
                }
            }
        }
        return s;
    }

    /**
     * Runs {@code listener} once CUDA is initialized in this process (at once if it is already): the cache checks
     * then the GPU fields of files loaded before.
     */
    public static void whenInitialized(Runnable listener) {
        ON_INITIALIZED.add(listener);
        if (initialized()) {
            listener.run();
        }
    }

    private static State init() {
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int r = JCudaDriver.cuInit(0);
            if (r != CUresult.CUDA_SUCCESS) {
                return new State(null, null, "cuInit failed: " + CUresult.stringFor(r) + " (no NVIDIA driver or GPU?)");
            }
            int[] count = new int[1];
            JCudaDriver.cuDeviceGetCount(count);
            if (count[0] == 0) {
                return new State(null, null, "the CUDA driver sees no device");
            }
            CUdevice device = new CUdevice();
            check(JCudaDriver.cuDeviceGet(device, 0), "cuDeviceGet");
            CUcontext context = new CUcontext();
            check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
            check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            return new State(device, context, null);
        } catch (UnsatisfiedLinkError e) {
            String message = String.valueOf(e.getMessage());
            return new State(null, null, message.contains("libcuda")
                    ? "no NVIDIA driver (libcuda.so.1 is not installed)"
                    : "JCuda's native library could not be loaded (" + message.lines().findFirst().orElse("")
                    + "): put org.jcuda:jcuda-natives for this platform on the classpath");
        } catch (NoClassDefFoundError e) {
            return new State(null, null, "JCuda is not on the classpath: add org.jcuda:jcuda and jcuda-natives");
        } catch (RuntimeException e) {
            return new State(null, null, "CUDA could not be initialized: " + e.getMessage());
        }
    }

    /** Makes the context current on this thread; throws when CUDA is unavailable. */
    public static void makeCurrent() {
        State s = state();
        if (s.unavailable != null) {
            throw new IllegalStateException("CUDA is unavailable: " + s.unavailable);
        }
        check(JCudaDriver.cuCtxSetCurrent(s.context), "cuCtxSetCurrent");
    }

    public static CUdevice device() {
        makeCurrent();
        return state.device;
    }

    /** Throws a {@link CudaException} (or, for a sticky error, a {@link CudaContextLostException}) unless OK. */
    public static void check(int result, String call) {
        if (result == CUresult.CUDA_SUCCESS) {
            return;
        }
        if (STICKY.contains(result)) {
            throw new CudaContextLostException("the CUDA context is lost: " + call + " reported "
                    + CUresult.stringFor(result) + ", a kernel fault (this call's or an earlier launch's); every later CUDA call in this "
                    + "process fails, so tuning stops: fix the faulting tactic and restart the process");
        }
        throw new CudaException(call, result);
    }

    public static int attribute(int attribute) {
        int[] value = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(value, attribute, device()), "cuDeviceGetAttribute");
        return value[0];
    }

    public static long l2CacheBytes() {
        return attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE);
    }

    public static String deviceName() {
        byte[] name = new byte[256];
        check(JCudaDriver.cuDeviceGetName(name, name.length, device()), "cuDeviceGetName");
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new String(name, 0, end, StandardCharsets.UTF_8);
    }

    /** Name, compute capability and driver version: the identity of GPU cache entries. */
    public static Map<String, String> identity() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gpuName", deviceName());
        m.put("gpuComputeCapability", attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) + "."
                + attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR));
        int[] version = new int[1];
        check(JCudaDriver.cuDriverGetVersion(version), "cuDriverGetVersion");
        m.put("cudaDriverVersion", version[0] / 1000 + "." + (version[0] % 1000) / 10);
        return m;
    }
}
