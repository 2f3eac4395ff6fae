package dev.autotune4j.profile;

import dev.autotune4j.api.ShapedInput;

import java.nio.Buffer;
import java.util.Collection;

/**
 * Reads the shape of a Java argument without allocating: arrays (1-D: length; 2-D: rows x cols of the
 * first row), boxed ints and longs (the value is its one dimension), {@link Buffer} (remaining),
 * {@link Collection} (size) and {@link ShapedInput}. Anything else is shapeless (rank 0).
 */
public final class Shapes {
    private Shapes() {
    }

    public static int rank(Object x) {
        if (x instanceof Object[] array) {
            return array.length > 0 && isArray(array[0]) ? 2 : 1;
        }
        if (isArray(x) || x instanceof Buffer || x instanceof Collection<?>
                || x instanceof Integer || x instanceof Long || x instanceof Short || x instanceof Byte) {
            return 1;
        }
        if (x instanceof ShapedInput shaped) {
            return shaped.rank();
        }
        return 0;
    }

    public static long dim(Object x, int index) {
        if (x instanceof Object[] array) {
            return index == 0 ? array.length : length(array[0]);
        }
        if (x instanceof ShapedInput shaped) {
            return shaped.dim(index);
        }
        if (x instanceof Number n) {
            return n.longValue();
        }
        if (x instanceof Buffer buffer) {
            return buffer.remaining();
        }
        if (x instanceof Collection<?> c) {
            return c.size();
        }
        return length(x);
    }

    /** The full shape, allocating; for the tuning path. */
    public static long[] shape(Object x) {
        long[] out = new long[rank(x)];
        for (int d = 0; d < out.length; d++) {
            out[d] = dim(x, d);
        }
        return out;
    }

    public static long[][] shapes(Object[] inputs) {
        long[][] out = new long[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = shape(inputs[i]);
        }
        return out;
    }

    static boolean isArray(Object x) {
        return x instanceof float[] || x instanceof double[] || x instanceof int[] || x instanceof long[]
                || x instanceof byte[] || x instanceof short[] || x instanceof char[] || x instanceof boolean[]
                || x instanceof Object[];
    }

    private static int length(Object x) {
        if (x instanceof float[] a) {
            return a.length;
        }
        if (x instanceof double[] a) {
            return a.length;
        }
        if (x instanceof int[] a) {
            return a.length;
        }
        if (x instanceof long[] a) {
            return a.length;
        }
        if (x instanceof byte[] a) {
            return a.length;
        }
        if (x instanceof short[] a) {
            return a.length;
        }
        if (x instanceof char[] a) {
            return a.length;
        }
        if (x instanceof boolean[] a) {
            return a.length;
        }
        if (x instanceof Object[] a) {
            return a.length;
        }
        return 0;
    }
}
