package dev.autotune4j.api;

/**
 * Reads the shape of a type you do not own (a library's matrix class), so that dims can be declared on it
 * exactly as on an array. Register one per type with {@link ShapeReaders#register}; it serves that type,
 * its subclasses and its implementations. A type you own can implement {@link ShapedInput} instead.
 *
 * @param <T> the type read
 */
public interface ShapeReader<T> {

    /** Number of dimensions of {@code value} (never null). Called on every replayed call: must not allocate. */
    int rank(T value);

    /** Size of dimension {@code index}, {@code 0 <= index < rank(value)}. Must not allocate: it is on the hot path. */
    long dim(T value, int index);

    /**
     * A value of the same type with the given dimensions, filled with realistic data, used only while tuning to
     * time the buckets the live call did not hit. The default, null, means "cannot build one": then only the
     * live call's bucket is tuned, and the others are tuned when they are hit.
     */
    default T withShape(T like, long[] dims) {
        return null;
    }
}
