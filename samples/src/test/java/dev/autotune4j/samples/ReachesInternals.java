package dev.autotune4j.samples;

import dev.autotune4j.profile.ShapeKey;

/** An application that uses an internal class of the runtime: allowed on the class path, refused on the module path. */
public final class ReachesInternals {
    private ReachesInternals() {
    }

    public static void main(String[] args) {
        System.out.println("reached " + ShapeKey.of(new long[][] {{1}}));
    }
}
