package dev.autotune4j.samples.service;

import dev.autotune4j.dispatch.TunedChoice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Do picks made one way (under load, in the background) agree with quiet inline tuning? The reference is the
 * consensus of several quiet runs: per profile, each candidate's median time over the runs, and the fastest by those
 * medians. One quiet run alone is not a reference: on the 2-core VM two quiet runs disagree by 10% or more on a
 * tenth of the profiles (small kernels, a first profile timed before the JIT settled). Counted over the profiles
 * where the reference times the pick at least {@link #DECISIVE} slower than its own (the choice matters there); on
 * the others any of the close candidates is a fine pick.
 *
 * <p>Also counted over the profiles where the quiet runs agree among themselves (each run's fastest candidate is
 * the same), as the accuracy harness counts top-1 where JMH's own forks agree: where quiet JVMs time one tactic two
 * ways (on JDK 17, C2 compiles the sample's {@code layer_norm} {@code SUMS} into code running 2.7 or 5.7 µs on 32
 * rows, at random: docs/benchmarks.md), the consensus is a vote between compilations, and no pick can agree with it
 * except by the same chance. Both figures are printed.
 */
final class PickAgreement {
    static final double DECISIVE = 1.10;

    private PickAgreement() {
    }

    /**
     * The agreement found, and how many profiles it is counted over: all decisive ones, and those where the quiet
     * runs also agree among themselves ({@code clear...}).
     */
    record Result(int decisive, int agreed, int compared, int clearDecisive, int clearAgreed) {
        double rate() {
            return decisive == 0 ? 1 : (double) agreed / decisive;
        }

        double clearRate() {
            return clearDecisive == 0 ? 1 : (double) clearAgreed / clearDecisive;
        }
    }

    /** The quiet runs' times of one profile: each candidate's times, each run's fastest candidate, the runs. */
    private static final class Reference {
        final Map<String, List<Double>> times = new HashMap<>();
        final Set<String> fastestPerRun = new HashSet<>();
        int runs;
    }

    private static Map<String, Reference> reference(List<List<TunedChoice>> quietRuns) {
        Map<String, Reference> out = new HashMap<>();
        for (List<TunedChoice> run : quietRuns) {
            for (TunedChoice e : run) {
                Reference ref = out.computeIfAbsent(profileOf(e), k -> new Reference());
                ref.runs++;
                String fastest = null;
                double fastestNanos = Double.MAX_VALUE;
                for (TunedChoice.Timed t : e.timed()) {
                    if (t.failure() == null && t.nanos() > 0) {
                        ref.times.computeIfAbsent(candidate(t.runner(), t.tactic()), k -> new ArrayList<>()).add(t.nanos());
                        if (t.nanos() < fastestNanos) {
                            fastestNanos = t.nanos();
                            fastest = candidate(t.runner(), t.tactic());
                        }
                    }
                }
                if (fastest != null) {
                    ref.fastestPerRun.add(fastest);
                }
            }
        }
        return out;
    }

    static Result compare(Path picks, List<Path> quietRuns) {
        return compare(read(picks), quietRuns.stream().map(PickAgreement::read).toList());
    }

    static Result compare(List<TunedChoice> picks, List<List<TunedChoice>> quietRuns) {
        Map<String, Reference> reference = reference(quietRuns);
        int decisive = 0;
        int agreed = 0;
        int compared = 0;
        int clearDecisive = 0;
        int clearAgreed = 0;
        for (TunedChoice pick : picks) {
            Reference ref = reference.get(profileOf(pick));
            if (ref == null || ref.times.isEmpty()) {
                continue;
            }
            String best = null;
            double bestNanos = Double.MAX_VALUE;
            for (Map.Entry<String, List<Double>> c : ref.times.entrySet()) {
                double m = median(c.getValue());
                if (m < bestNanos) {
                    bestNanos = m;
                    best = c.getKey();
                }
            }
            List<Double> theirs = ref.times.get(candidate(pick.runner(), pick.tactic()));
            if (theirs == null) {
                continue;
            }
            compared++;
            boolean same = best.equals(candidate(pick.runner(), pick.tactic()));
            if (same || median(theirs) >= DECISIVE * bestNanos) {
                decisive++;
                agreed += same ? 1 : 0;
                if (ref.runs == quietRuns.size() && ref.fastestPerRun.size() == 1) {
                    clearDecisive++;
                    clearAgreed += same ? 1 : 0;
                }
            }
        }
        return new Result(decisive, agreed, compared, clearDecisive, clearAgreed);
    }

    static void print(String what, Path picks, List<Path> quietRuns) {
        Result r = compare(picks, quietRuns);
        System.out.printf(Locale.ROOT, "%s: picks vs the consensus of %d reference tunings: %d of %d profiles where the "
                + "choice matters (>= 10%%) agree (%.0f%%); where the reference runs also agree among themselves, "
                + "%d of %d (%.0f%%); %d profiles compared%n", what, quietRuns.size(), r.agreed, r.decisive, 100 * r.rate(),
                r.clearAgreed, r.clearDecisive, 100 * r.clearRate(), r.compared);
    }

    private static String candidate(String runner, String tactic) {
        return runner + " " + tactic;
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
