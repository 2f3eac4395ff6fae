package dev.autotune4j.profile;

import dev.autotune4j.api.ShapedInput;

/**
 * A rank-2 test input whose dims are whatever it is given, even values no array could have, so that tests can
 * build shape keys whose 64-bit hashes are equal: the hash's polynomial makes {@code (r, c)} and
 * {@code (r + 1, c - K)} collide, {@code K} being its multiplier ({@link #COLLIDING}).
 */
public record AnyDims(long rows, long cols) implements ShapedInput {
    /** The multiplier of {@link ShapeKey#step}. */
    public static final long K = 0x9E3779B97F4A7C15L;

    /** The dims whose key hashes like this one's. */
    public AnyDims colliding() {
        return new AnyDims(rows + 1, cols - K);
    }

    @Override
    public int rank() {
        return 2;
    }

    @Override
    public long dim(int index) {
        return index == 0 ? rows : cols;
    }

    @Override
    public ShapedInput withShape(long[] dims) {
        return new AnyDims(dims[0], dims[1]);
    }
}
