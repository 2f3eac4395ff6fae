package dev.autotune4j.profile;

import dev.autotune4j.api.ShapedInput;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds an argument like a live one at another shape, so a profile can be timed at a bucket the live call
 * did not hit. Floating-point data is small random values, never zero (all-zero inputs make timings lie);
 * integer data repeats the live data, since it is often indices that must stay valid (the reference does
 * the same for int tensors). Returns null for a type it cannot build.
 */
public final class InputSynthesizer {
    private final SplittableRandom random;

    public InputSynthesizer(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** An argument like {@code live} with shape {@code dims}; {@code live} itself when the shape is unchanged. */
    public Object resize(Object live, long[] dims) {
        if (Arrays.equals(Shapes.shape(live), dims)) {
            return live;
        }
        dev.autotune4j.api.ShapeReader<Object> foreign = Shapes.reader(live).foreign();
        if (foreign != null) {
            return foreign.withShape(live, dims.clone());
        }
        if (live instanceof ShapedInput shaped) {
            return shaped.withShape(dims.clone());
        }
        if (live instanceof Integer) {
            return Math.toIntExact(dims[0]);
        }
        if (live instanceof Long) {
            return dims[0];
        }
        if (dims.length == 1) {
            int n = Math.toIntExact(dims[0]);
            Object array = array1d(live, n);
            if (array != null) {
                return array;
            }
            if (live instanceof Buffer buffer) {
                return buffer(buffer, n);
            }
            if (live instanceof List<?> list) {
                List<Object> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(list.isEmpty() ? null : list.get(i % list.size()));
                }
                return list.isEmpty() && n > 0 ? null : out;
            }
            return null;
        }
        if (dims.length == 2 && live instanceof Object[] rows && rows.length > 0) {
            int n = Math.toIntExact(dims[0]);
            int cols = Math.toIntExact(dims[1]);
            Object[] out = (Object[]) java.lang.reflect.Array.newInstance(rows.getClass().getComponentType(), n);
            for (int r = 0; r < n; r++) {
                out[r] = array1d(rows[r % rows.length], cols);
                if (out[r] == null) {
                    return null;
                }
            }
            return out;
        }
        return null;
    }

    /**
     * Like {@link #resize}, but never the caller's own mutable object: at the same shape an array is copied and a
     * shaped or foreign value rebuilt. For tuning in the background, where the caller goes on using its arguments
     * while tactics run. Arguments without a shape are passed as they are; null when an argument with a shape can
     * be neither copied nor rebuilt.
     */
    public Object detached(Object live, long[] dims) {
        if (live == null || !Arrays.equals(Shapes.shape(live), dims)) {
            Object built = live == null ? null : resize(live, dims);
            return built == live ? null : built;
        }
        Object copy = copy(live);
        if (copy != null) {
            return copy;
        }
        dev.autotune4j.api.ShapeReader<Object> foreign = Shapes.reader(live).foreign();
        if (foreign != null) {
            return foreign.withShape(live, dims.clone());
        }
        if (live instanceof ShapedInput shaped) {
            return shaped.withShape(dims.clone());
        }
        if (live instanceof Buffer buffer) {
            return buffer(buffer, Math.toIntExact(dims[0]));
        }
        if (live instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        // no shape (a number, an enum, a config or an executor): passed as it is; data a tactic writes into (an
        // output buffer) has a shape, so it was copied or rebuilt above
        return Shapes.rank(live) == 0 ? live : null;
    }

    /** Bytes an argument occupies, for sizing cold-cache copies (0 when unknown). */
    public static long bytes(Object x) {
        if (x instanceof float[] a) {
            return 4L * a.length;
        }
        if (x instanceof double[] a) {
            return 8L * a.length;
        }
        if (x instanceof int[] a) {
            return 4L * a.length;
        }
        if (x instanceof long[] a) {
            return 8L * a.length;
        }
        if (x instanceof byte[] a) {
            return a.length;
        }
        if (x instanceof short[] a) {
            return 2L * a.length;
        }
        if (x instanceof Object[] rows) {
            long sum = 0;
            for (Object row : rows) {
                sum += bytes(row);
            }
            return sum;
        }
        if (x instanceof ByteBuffer b) {
            return b.remaining();
        }
        if (x instanceof Buffer b) {
            return 8L * b.remaining();
        }
        return 0;
    }

    /** A deep copy of an array argument, for cold-cache rotation; null when the type cannot be copied. */
    public static Object copy(Object x) {
        if (x instanceof float[] a) {
            return a.clone();
        }
        if (x instanceof double[] a) {
            return a.clone();
        }
        if (x instanceof int[] a) {
            return a.clone();
        }
        if (x instanceof long[] a) {
            return a.clone();
        }
        if (x instanceof byte[] a) {
            return a.clone();
        }
        if (x instanceof short[] a) {
            return a.clone();
        }
        if (x instanceof Object[] rows && rows.getClass().getComponentType().isArray()) {
            Object[] out = rows.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] = copy(rows[i]);
            }
            return out;
        }
        return null;
    }

    private Object array1d(Object live, int n) {
        if (live instanceof float[]) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = (float) smallNonZero();
            }
            return out;
        }
        if (live instanceof double[]) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = smallNonZero();
            }
            return out;
        }
        if (live instanceof int[] a) {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = a.length == 0 ? 1 + random.nextInt(5) : a[i % a.length];
            }
            return out;
        }
        if (live instanceof long[] a) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = a.length == 0 ? 1 + random.nextInt(5) : a[i % a.length];
            }
            return out;
        }
        if (live instanceof short[] a) {
            short[] out = new short[n];
            for (int i = 0; i < n; i++) {
                out[i] = a.length == 0 ? (short) (1 + random.nextInt(5)) : a[i % a.length];
            }
            return out;
        }
        if (live instanceof byte[] a) {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = a.length == 0 ? (byte) (1 + random.nextInt(5)) : a[i % a.length];
            }
            return out;
        }
        if (live instanceof boolean[]) {
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                out[i] = random.nextBoolean();
            }
            return out;
        }
        return null;
    }

    private Buffer buffer(Buffer live, int n) {
        boolean direct = live.isDirect();
        if (live instanceof FloatBuffer) {
            FloatBuffer out = direct ? ByteBuffer.allocateDirect(4 * n).order(((FloatBuffer) live).order()).asFloatBuffer()
                    : FloatBuffer.allocate(n);
            for (int i = 0; i < n; i++) {
                out.put(i, (float) smallNonZero());
            }
            return out;
        }
        if (live instanceof DoubleBuffer) {
            DoubleBuffer out = direct ? ByteBuffer.allocateDirect(8 * n).order(((DoubleBuffer) live).order()).asDoubleBuffer()
                    : DoubleBuffer.allocate(n);
            for (int i = 0; i < n; i++) {
                out.put(i, smallNonZero());
            }
            return out;
        }
        if (live instanceof IntBuffer in) {
            IntBuffer out = direct ? ByteBuffer.allocateDirect(4 * n).order(in.order()).asIntBuffer() : IntBuffer.allocate(n);
            int base = in.position();
            int len = in.remaining();
            for (int i = 0; i < n; i++) {
                out.put(i, len == 0 ? 1 : in.get(base + i % len));
            }
            return out;
        }
        if (live instanceof LongBuffer in) {
            LongBuffer out = direct ? ByteBuffer.allocateDirect(8 * n).order(in.order()).asLongBuffer() : LongBuffer.allocate(n);
            int base = in.position();
            int len = in.remaining();
            for (int i = 0; i < n; i++) {
                out.put(i, len == 0 ? 1 : in.get(base + i % len));
            }
            return out;
        }
        if (live instanceof ByteBuffer in) {
            ByteBuffer out = (direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n)).order(in.order());
            int base = in.position();
            int len = in.remaining();
            for (int i = 0; i < n; i++) {
                out.put(i, len == 0 ? (byte) 1 : in.get(base + i % len));
            }
            return out;
        }
        return null;
    }

    private double smallNonZero() {
        double v = random.nextDouble(-1.0, 1.0);
        return v == 0.0 ? 0.5 : v;
    }
}
