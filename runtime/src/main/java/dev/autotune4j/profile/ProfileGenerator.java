package dev.autotune4j.profile;

import dev.autotune4j.api.ConstraintSpec;
import dev.autotune4j.api.Dim;
import dev.autotune4j.api.DynamicDimSpec;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.TuningConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Generates the profiles an op is tuned at, as TensorRT-LLM's tuner does: for each dynamic dimension the
 * sorted set of its buckets plus the live size's bucket, each bucket standing for sizes up to the next one
 * (the last up to infinity); the cartesian product of those (the first dimension varies slowest); then each
 * constrained dimension set from the profile's opt shapes.
 *
 * <p>One deliberate difference: with a {@link TuningConfig#tuneMaxSize() cap}, every bucket (the live one
 * included) is clamped to the cap, so no profile is ever timed above it.
 */
public final class ProfileGenerator {
    private ProfileGenerator() {
    }

    public static List<Profile> generate(TuningConfig config, long[][] liveShapes) {
        List<DynamicDimSpec> specs = config.dynamicDims();
        long cap = config.tuneMaxSize();
        long[][] bucketsPerSpec = new long[specs.size()][];
        for (int s = 0; s < specs.size(); s++) {
            DynamicDimSpec spec = specs.get(s);
            long live = liveDim(liveShapes, spec.input(), spec.dim(), "dynamic");
            long[] generated = spec.buckets().fixedValues();
            if (generated == null) {
                generated = spec.buckets().buckets(cap != TuningConfig.NO_CAP ? cap : live);
            }
            TreeSet<Long> values = new TreeSet<>();
            for (long v : generated) {
                values.add(Math.min(v, cap));
            }
            values.add(Math.min(spec.map().toBucket(live), cap));
            bucketsPerSpec[s] = values.stream().mapToLong(Long::longValue).toArray();
        }

        List<Profile> out = new ArrayList<>();
        int[] position = new int[specs.size()];
        while (true) {
            out.add(profileAt(config, liveShapes, bucketsPerSpec, position));
            int s = specs.size() - 1;
            while (s >= 0 && ++position[s] == bucketsPerSpec[s].length) {
                position[s] = 0;
                s--;
            }
            if (s < 0) {
                return out;
            }
        }
    }

    private static Profile profileAt(TuningConfig config, long[][] live, long[][] buckets, int[] position) {
        List<List<Dim>> shapes = new ArrayList<>(live.length);
        for (List<Dim> shape : Profile.ofStatic(live).shapes()) {
            shapes.add(new ArrayList<>(shape));
        }
        List<DynamicDimSpec> specs = config.dynamicDims();
        for (int s = 0; s < specs.size(); s++) {
            long opt = buckets[s][position[s]];
            long max = position[s] + 1 < buckets[s].length ? buckets[s][position[s] + 1] : Dim.UNBOUNDED;
            shapes.get(specs.get(s).input()).set(specs.get(s).dim(), new Dim.Range(opt, opt, max));
        }
        for (ConstraintSpec c : config.constraints()) {
            liveDim(live, c.input(), c.dim(), "constraint");
            if (live[c.input()].length == 0) {
                continue;
            }
            long value = c.infer().applyAsLong(new Profile(shapes).optShapes());
            shapes.get(c.input()).set(c.dim(), new Dim.Range(value, value, value));
        }
        return new Profile(shapes);
    }

    private static long liveDim(long[][] live, int input, int dim, String what) {
        if (input >= live.length) {
            throw new IllegalArgumentException(what + " dim refers to input " + input + " but the op was called with "
                    + live.length + " inputs: fix the input index in the TuningConfig");
        }
        if (live[input].length == 0) {
            return 0;
        }
        if (dim >= live[input].length) {
            throw new IllegalArgumentException(what + " dim refers to dim " + dim + " of input " + input
                    + ", which has rank " + live[input].length + ": fix the dim index in the TuningConfig");
        }
        return live[input][dim];
    }
}
