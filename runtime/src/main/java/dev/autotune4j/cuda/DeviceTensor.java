package dev.autotune4j.cuda;

import dev.autotune4j.api.ShapedInput;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dense row-major tensor in GPU memory (element type {@link ElementType#FLOAT32}). The dispatcher reads its shape, and builds one at another
 * shape (filled on the device with small random values, never zero) to tune buckets the live call did not
 * hit. Memory is freed by {@link #close()}, or when the tensor becomes unreachable.
 */
public final class DeviceTensor implements ShapedInput, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong SEEDS = new AtomicLong(1);

    private final CUdeviceptr pointer;
    private final long[] dims;
    private final long elements;
    private final Cleaner.Cleanable cleanable;

    private DeviceTensor(long[] dims) {
        this.dims = dims.clone();
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
            n = Math.multiplyExact(n, d);
        }
        this.elements = n;
        Cuda.makeCurrent();
        CUdeviceptr p = new CUdeviceptr();
        Cuda.check(JCudaDriver.cuMemAlloc(p, Math.max(1, n) * Sizeof.FLOAT), "cuMemAlloc(" + n * Sizeof.FLOAT + " bytes)");
        this.pointer = p;
        this.cleanable = CLEANER.register(this, new Free(p));
    }

    /** Uninitialized memory of this shape. */
    public static DeviceTensor allocate(long... dims) {
        return new DeviceTensor(dims);
    }

    /** Random values in [-1, 1), never zero, filled on the device. */
    public static DeviceTensor random(long seed, long... dims) {
        DeviceTensor t = new DeviceTensor(dims);
        t.fillRandom(seed);
        return t;
    }

    /** A copy of host data; {@code data.length} must equal the product of {@code dims}. */
    public static DeviceTensor fromHost(float[] data, long... dims) {
        DeviceTensor t = new DeviceTensor(dims);
        if (data.length != t.elements) {
            t.close();
            throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(dims));
        }
        Cuda.check(JCudaDriver.cuMemcpyHtoD(t.pointer, Pointer.to(data), (long) data.length * Sizeof.FLOAT), "cuMemcpyHtoD");
        return t;
    }

    public float[] toHost() {
        float[] out = new float[Math.toIntExact(elements)];
        Cuda.makeCurrent();
        CudaStreams.synchronize();
        Cuda.check(JCudaDriver.cuMemcpyDtoH(Pointer.to(out), pointer, (long) out.length * Sizeof.FLOAT), "cuMemcpyDtoH");
        return out;
    }

    public void fillRandom(long seed) {
        Kernels.launch("fill_random", (int) Math.min(4096, (elements + 255) / 256 + 1), 1, 256, 1, 0,
                CudaStreams.current(), Pointer.to(pointer), Pointer.to(new long[] {elements}), Pointer.to(new long[] {seed}));
    }

    /** A device-to-device copy (for cold-L2 rotation). */
    public DeviceTensor copy() {
        DeviceTensor t = new DeviceTensor(dims);
        Cuda.check(JCudaDriver.cuMemcpyDtoDAsync(t.pointer, pointer, elements * Sizeof.FLOAT, CudaStreams.current()),
                "cuMemcpyDtoDAsync");
        return t;
    }

    public ElementType elementType() {
        return ElementType.FLOAT32;
    }

    public CUdeviceptr pointer() {
        return pointer;
    }

    public long elements() {
        return elements;
    }

    public long bytes() {
        return elements * Sizeof.FLOAT;
    }

    @Override
    public int rank() {
        return dims.length;
    }

    @Override
    public long dim(int index) {
        return dims[index];
    }

    @Override
    public ShapedInput withShape(long[] newDims) {
        return random(SEEDS.getAndIncrement() * 0x9E3779B97F4A7C15L, newDims);
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "DeviceTensor" + Arrays.toString(dims);
    }

    /** Frees the memory; runs once, from close() or the cleaner's thread (hence makeCurrent). */
    private record Free(CUdeviceptr pointer) implements Runnable {
        @Override
        public void run() {
            try {
                Cuda.makeCurrent();
                JCudaDriver.cuMemFree(pointer);
            } catch (RuntimeException e) {
                // the context may be gone at exit: the driver frees everything then
            }
        }
    }
}
