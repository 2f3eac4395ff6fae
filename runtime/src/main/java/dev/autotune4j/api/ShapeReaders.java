package dev.autotune4j.api;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of {@link ShapeReader}s for foreign types. A value's reader is the one registered for the most
 * specific of its class, superclasses and interfaces (a class's own registration first, then its superclass
 * chain, then interfaces); it takes precedence over the built-in readers and over {@link ShapedInput}.
 *
 * <pre>{@code
 * ShapeReaders.register(DMatrixRMaj.class, new ShapeReader<>() {
 *     public int rank(DMatrixRMaj m) { return 2; }
 *     public long dim(DMatrixRMaj m, int i) { return i == 0 ? m.numRows : m.numCols; }
 * });
 * }</pre>
 *
 * <p>A registration takes effect on the next call, on every path.
 */
public final class ShapeReaders {
    private static final Map<Class<?>, ShapeReader<?>> READERS = new ConcurrentHashMap<>();
    /** Bumped on each registration, so readers resolved per class before it are resolved again. */
    private static volatile int generation;

    private ShapeReaders() {
    }

    /** Reads values of {@code type} (and its subtypes) with {@code reader}, replacing any earlier registration. */
    public static <T> void register(Class<T> type, ShapeReader<? super T> reader) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reader, "reader");
        if (type.isPrimitive() || type.isArray()) {
            throw new IllegalArgumentException("cannot register a ShapeReader for " + type.getTypeName()
                    + ": arrays and primitives have built-in shapes");
        }
        READERS.put(type, reader);
        generation++;
    }

    /** Removes the registration of {@code type}; true when there was one. */
    public static boolean unregister(Class<?> type) {
        boolean removed = READERS.remove(type) != null;
        generation++;
        return removed;
    }

    /** Changes with every registration: a reader resolved at another generation may be out of date. */
    public static int generation() {
        return generation;
    }

    /** The reader registered for {@code type} or its nearest supertype, or null. */
    @SuppressWarnings("unchecked")
    public static ShapeReader<Object> find(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            ShapeReader<?> r = READERS.get(c);
            if (r != null) {
                return (ShapeReader<Object>) r;
            }
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            ShapeReader<Object> r = viaInterfaces(c);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static ShapeReader<Object> viaInterfaces(Class<?> c) {
        for (Class<?> i : c.getInterfaces()) {
            ShapeReader<?> r = READERS.get(i);
            if (r != null) {
                return (ShapeReader<Object>) r;
            }
            ShapeReader<Object> inherited = viaInterfaces(i);
            if (inherited != null) {
                return inherited;
            }
        }
        return null;
    }
}
