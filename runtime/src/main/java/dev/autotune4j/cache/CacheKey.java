package dev.autotune4j.cache;

import dev.autotune4j.profile.ShapeKey;

import java.util.Objects;

/**
 * What a tuned choice is filed under: the op, the winning runner (class and {@code Runner.id()}), and the
 * profile. Typed fields rather than the reference's stringified tuple, so keys compare exactly and a file
 * cannot smuggle in a key that parses differently.
 */
public record CacheKey(String op, String runnerClass, String runnerId, ShapeKey profile) {
    public CacheKey {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(runnerClass, "runnerClass");
        Objects.requireNonNull(runnerId, "runnerId");
        Objects.requireNonNull(profile, "profile");
    }

    @Override
    public String toString() {
        return op + " " + runnerClass.substring(runnerClass.lastIndexOf('.') + 1) + (runnerId.isEmpty() ? "" : runnerId)
                + " " + profile;
    }
}
