package dev.autotune4j.api;

/**
 * Implemented by an input type of the application so that the tuner can read its shape and build an input
 * of the same type at another shape (to time the buckets the live call did not hit). Arrays, boxed ints and
 * longs, {@code java.nio} buffers and collections need no help.
 */
public interface ShapedInput {

    /** Number of dimensions. */
    int rank();

    /** Size of dimension {@code index}, {@code 0 <= index < rank()}. Must not allocate: it is on the hot path. */
    long dim(int index);

    /**
     * An input of the same type with the given dimensions, filled with data that makes timing realistic
     * (never all zeros). Called only while tuning.
     */
    ShapedInput withShape(long[] dims);
}
