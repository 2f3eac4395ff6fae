package dev.autotune4j.cache;

import dev.autotune4j.profile.ShapeKey;

import java.util.Objects;

/**
 * A profile that was called while the cache had no choice for it (a replay miss), and how often: written to the
 * cache file beside the tuned entries, so that a later run in tune mode, or the {@code pretune} command, tunes it
 * in the background before it is called again. PyTorch TunableOp's advice for production ("record the untuned
 * shapes, tune them offline"), kept in the file the tuner reads anyway.
 *
 * @param op      the op's name
 * @param profile the shape bucket that was called
 * @param calls   how many calls it had, over every run that recorded it
 */
public record Untuned(String op, ShapeKey profile, long calls) {
    public Untuned {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(profile, "profile");
        if (calls < 0) {
            throw new IllegalArgumentException("calls must be >= 0");
        }
    }
}
