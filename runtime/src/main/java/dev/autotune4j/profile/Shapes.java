package dev.autotune4j.profile;

import dev.autotune4j.api.ShapeReader;
import dev.autotune4j.api.ShapeReaders;
import dev.autotune4j.api.ShapedInput;

import java.lang.reflect.Array;
import java.nio.Buffer;
import java.util.Collection;

/**
 * Reads the shape of a Java argument without allocating: arrays (1-D: length; 2-D: rows x cols of the
 * first row), boxed ints, longs, shorts and bytes (the value is its one dimension), {@link Buffer}
 * (remaining), {@link Collection} (size), {@link ShapedInput}, and any type with a registered
 * {@link ShapeReader} (which takes precedence). Anything else is shapeless (rank 0).
 *
 * <p>The reader is resolved once per class and kept in a {@link ClassValue}, so reading a shape costs one
 * class lookup and one call, whatever the kind. A chain of {@code instanceof} tests against interfaces would
 * cost far more on JDK 17, where alternating checks of one class against several interfaces keep
 * overwriting its one-entry secondary-supertype cache.
 */
public final class Shapes {
    private Shapes() {
    }

    /** How one class's values are read. */
    public abstract static class Reader {
        public abstract int rank(Object x);

        public abstract long dim(Object x, int index);

        /** False for a class that no reader claims (a foreign type with no registered {@link ShapeReader}). */
        public boolean known() {
            return true;
        }

        /** The registered reader behind this one, or null. */
        public ShapeReader<Object> foreign() {
            return null;
        }
    }

    private record Resolved(int generation, Reader reader) {
    }

    private static final ClassValue<Resolved> READERS = new ClassValue<>() {
        @Override
        protected Resolved computeValue(Class<?> type) {
            int generation = ShapeReaders.generation();
            return new Resolved(generation, resolve(type));
        }
    };

    /** The reader of a value; {@code null} reads as shapeless. */
    public static Reader reader(Object x) {
        return x == null ? SHAPELESS : readerOf(x.getClass());
    }

    public static Reader readerOf(Class<?> type) {
        Resolved r = READERS.get(type);
        if (r.generation != ShapeReaders.generation()) {
            READERS.remove(type);
            r = READERS.get(type);
        }
        return r.reader;
    }

    public static int rank(Object x) {
        return reader(x).rank(x);
    }

    public static long dim(Object x, int index) {
        return reader(x).dim(x, index);
    }

    /** The full shape, allocating; for the tuning path. */
    public static long[] shape(Object x) {
        Reader reader = reader(x);
        long[] out = new long[reader.rank(x)];
        for (int d = 0; d < out.length; d++) {
            out[d] = reader.dim(x, d);
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
        return x != null && x.getClass().isArray();
    }

    private static Reader resolve(Class<?> type) {
        ShapeReader<Object> registered = ShapeReaders.find(type);
        if (registered != null) {
            return new Foreign(registered);
        }
        if (type.isArray()) {
            return type.getComponentType().isPrimitive() ? ARRAY : OBJECT_ARRAY;
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class) {
            return NUMBER;
        }
        if (ShapedInput.class.isAssignableFrom(type)) {
            return SHAPED;
        }
        if (Buffer.class.isAssignableFrom(type)) {
            return BUFFER;
        }
        if (Collection.class.isAssignableFrom(type)) {
            return COLLECTION;
        }
        return plainValue(type) ? SHAPELESS : UNKNOWN;
    }

    /** Types that have no size by nature: they never need a reader, so they are not reported as unreadable. */
    private static boolean plainValue(Class<?> type) {
        String name = type.getName();
        return type.isEnum() || type.isSynthetic() || type.isHidden() || name.startsWith("java.")
                || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || (type.getSuperclass() != null && type.getSuperclass().isEnum());
    }

    private static final class Rank0 extends Reader {
        private final boolean known;

        Rank0(boolean known) {
            this.known = known;
        }

        @Override
        public int rank(Object x) {
            return 0;
        }

        @Override
        public long dim(Object x, int index) {
            throw new IndexOutOfBoundsException("a shapeless value has no dimension " + index);
        }

        @Override
        public boolean known() {
            return known;
        }
    }

    private static final Reader SHAPELESS = new Rank0(true);
    private static final Reader UNKNOWN = new Rank0(false);

    private static final Reader ARRAY = new Reader() {
        @Override
        public int rank(Object x) {
            return 1;
        }

        @Override
        public long dim(Object x, int index) {
            return Array.getLength(x);
        }
    };

    private static final Reader OBJECT_ARRAY = new Reader() {
        @Override
        public int rank(Object x) {
            Object[] a = (Object[]) x;
            return a.length > 0 && isArray(a[0]) ? 2 : 1;
        }

        @Override
        public long dim(Object x, int index) {
            Object[] a = (Object[]) x;
            if (index == 0) {
                return a.length;
            }
            return a.length == 0 || a[0] == null ? 0 : Array.getLength(a[0]);
        }
    };

    private static final Reader NUMBER = new Reader() {
        @Override
        public int rank(Object x) {
            return 1;
        }

        @Override
        public long dim(Object x, int index) {
            return ((Number) x).longValue();
        }
    };

    private static final Reader SHAPED = new Reader() {
        @Override
        public int rank(Object x) {
            return ((ShapedInput) x).rank();
        }

        @Override
        public long dim(Object x, int index) {
            return ((ShapedInput) x).dim(index);
        }
    };

    private static final Reader BUFFER = new Reader() {
        @Override
        public int rank(Object x) {
            return 1;
        }

        @Override
        public long dim(Object x, int index) {
            return ((Buffer) x).remaining();
        }
    };

    private static final Reader COLLECTION = new Reader() {
        @Override
        public int rank(Object x) {
            return 1;
        }

        @Override
        public long dim(Object x, int index) {
            return ((Collection<?>) x).size();
        }
    };

    private static final class Foreign extends Reader {
        private final ShapeReader<Object> reader;

        Foreign(ShapeReader<Object> reader) {
            this.reader = reader;
        }

        @Override
        public int rank(Object x) {
            return reader.rank(x);
        }

        @Override
        public long dim(Object x, int index) {
            return reader.dim(x, index);
        }

        @Override
        public ShapeReader<Object> foreign() {
            return reader;
        }
    }
}
