package dev.autotune4j.dispatch;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.profile.ProfileGenerator;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.ShapeKeyer;

import java.util.ArrayList;
import java.util.List;

/**
 * What a config makes of live shapes, without tuning anything: the profiles a call tunes, and the profile that serves
 * a call. For seeing buckets and constraints at work (samples 02 and 03), and for tests of a config.
 */
public final class Profiles {
    private Profiles() {
    }

    /** The profiles a call of these shapes tunes, one per bucket of each dynamic dim (the live size's own included). */
    public static List<Profile> tunedFor(TuningConfig config, long[][] liveShapes) {
        return ProfileGenerator.generate(config, liveShapes);
    }

    /**
     * The shapes of the profile whose tuned choice serves a call of these shapes: each dynamic dim mapped to its
     * bucket, each constrained dim {@code -1}; one list of dims per input.
     */
    public static List<List<Long>> servingProfile(TuningConfig config, long[][] liveShapes) {
        return asLists(new ShapeKeyer(config).keyOf(liveShapes));
    }

    /** A profile's shapes as the public API gives them: one immutable list of dims per input. */
    static List<List<Long>> asLists(ShapeKey key) {
        List<List<Long>> out = new ArrayList<>();
        for (long[] dims : key.toArrays()) {
            List<Long> input = new ArrayList<>();
            for (long d : dims) {
                input.add(d);
            }
            out.add(List.copyOf(input));
        }
        return List.copyOf(out);
    }
}
