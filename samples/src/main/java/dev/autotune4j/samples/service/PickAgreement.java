package dev.autotune4j.samples.service;

import dev.autotune4j.dispatch.TunedChoice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Do picks made one way (under load, in the background) agree with quiet inline tuning? The reference is the
 * consensus of several quiet runs: per profile, each candidate's median time over the runs, and the fastest by those
 * medians. One quiet run alone is not a reference: on the 2-core VM two quiet runs disagree by 10% or more on a
 * tenth of the profiles (small kernels, a first profile timed before the JIT settled). Counted over the profiles
 * where the reference times the pick at least {@link #DECISIVE} slower than its own (the choice matters there); on
 * the others any of the close candidates is a fine pick.
 */
final class PickAgreement {
    static final double DECISIVE = 1.10;

    private PickAgreement() {
    }

    /** The agreement found, and how many profiles it is counted over. */
    record Result(int decisive, int agreed, int compared) {
        double rate() {
            return decisive == 0 ? 1 : (double) agreed / decisive;
        }
    }

    /** Per profile: each candidate ({@code runner id tactic}) with its times over the quiet runs. */
    private static Map<String, Map<String, List<Double>>> reference(List<Path> quietRuns) {
        Map<String, Map<String, List<Double>>> out = new HashMap<>();
        for (Path run : quietRuns) {
            for (TunedChoice e : read(run)) {
                Map<String, List<Double>> candidates = out.computeIfAbsent(profileOf(e), k -> new HashMap<>());
                for (TunedChoice.Timed t : e.timed()) {
                    if (t.failure() == null && t.nanos() > 0) {
                        candidates.computeIfAbsent(t.runner() + " " + t.tactic(), k -> new ArrayList<>()).add(t.nanos());
                    }
                }
            }
        }
        return out;
    }

    static Result compare(Path picks, List<Path> quietRuns) {
        Map<String, Map<String, List<Double>>> reference = reference(quietRuns);
        int decisive = 0;
        int agreed = 0;
        int compared = 0;
        for (TunedChoice pick : read(picks)) {
            Map<String, List<Double>> candidates = reference.get(profileOf(pick));
            if (candidates == null || candidates.isEmpty()) {
                continue;
            }
            String best = null;
            double bestNanos = Double.MAX_VALUE;
            for (Map.Entry<String, List<Double>> c : candidates.entrySet()) {
                double m = median(c.getValue());
                if (m < bestNanos) {
                    bestNanos = m;
                    best = c.getKey();
                }
            }
            List<Double> theirs = candidates.get(pick.runner() + " " + pick.tactic());
            if (theirs == null) {
                continue;
            }
            compared++;
            boolean same = best.equals(pick.runner() + " " + pick.tactic());
            if (same || median(theirs) >= DECISIVE * bestNanos) {
                decisive++;
                agreed += same ? 1 : 0;
            }
        }
        return new Result(decisive, agreed, compared);
    }

    static void print(String what, Path picks, List<Path> quietRuns) {
        Result r = compare(picks, quietRuns);
        System.out.printf(Locale.ROOT, "%s: picks vs the consensus of %d reference tunings: %d of %d profiles where the "
                + "choice matters (>= 10%%) agree (%.0f%%); %d profiles compared%n", what, quietRuns.size(), r.agreed,
                r.decisive, 100 * r.rate(), r.compared);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Op and profile: the same shape bucket in every file, whichever runner won. */
    private static String profileOf(TunedChoice c) {
        return c.op() + " " + c.profile();
    }

    private static List<TunedChoice> read(Path file) {
        try {
            return TunedChoice.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> others(List<Path> runs, int skip) {
        List<Path> out = new ArrayList<>(runs);
        out.remove(skip);
        return out;
    }
}
