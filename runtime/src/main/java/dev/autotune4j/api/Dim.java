package dev.autotune4j.api;

/**
 * One dimension of one input in a {@link Profile}: either fixed at the live value, or a tuned range whose
 * {@code opt} value is the one the profile is timed at.
 */
public sealed interface Dim permits Dim.Static, Dim.Range {

    /** Stands for "no upper bound" in {@link Range#max()}; printed as {@code inf}. */
    long UNBOUNDED = Long.MAX_VALUE;

    /** The value the profile is timed at. */
    long opt();

    /** A dimension that is not tuned: the live input's size. */
    record Static(long value) implements Dim {
        @Override
        public long opt() {
            return value;
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** A tuned dimension: timed at {@code opt}, standing for sizes from {@code min} up to {@code max}. */
    record Range(long min, long opt, long max) implements Dim {
        @Override
        public String toString() {
            return "[" + min + ".." + opt + ".." + (max == UNBOUNDED ? "inf" : Long.toString(max)) + "]";
        }
    }
}
