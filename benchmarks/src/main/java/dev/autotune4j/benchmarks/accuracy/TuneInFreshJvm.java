package dev.autotune4j.benchmarks.accuracy;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunedChoice;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.TimingSettings;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * One fresh JVM of the accuracy harness: tunes one family at each of its sizes, in order, with the default timer
 * settings, and prints one line per size: {@code pick FAMILY size chosenIndex accepted speedup tuningMillis
 * medians...} (the medians of every tactic, by index, for the spread of identical code), then the verdict's reason.
 *
 * <p>With {@code size=N} only that size is tuned (the harness's {@code --jvm-per-size}). With {@code same-jvm}, each size's tuning is followed by a plain timing of every tactic in
 * this JVM ({@code own FAMILY size nanos...}): JMH times each size in JVMs of its own, so where this JVM's code for
 * a tactic differs from JMH's (C2 compiled it while smaller sizes ran) the two disagree about the same pick, and
 * only this timing says whether the tuner was wrong about the JVM it tuned.
 */
public final class TuneInFreshJvm {
    private TuneInFreshJvm() {
    }

    /** The family's tactics as one runner: the fallback is tactic 0, the candidates 1..n-1. */
    private record FamilyRunner(Family family) implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return IntStream.range(1, family.tactics.size()).boxed().toList();
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            return family.run(tactic == FALLBACK ? 0 : (Integer) tactic, inputs);
        }
    }

    /** Rounds of the same-JVM timing: each times every tactic in turn for {@link #SLICE_NANOS}; the median counts. */
    private static final int ROUNDS = 5;
    private static final long SLICE_NANOS = 20_000_000;
    private static volatile Object sink;

    public static void main(String[] args) {
        Family family = Family.valueOf(args[0]);
        List<String> options = List.of(args).subList(1, args.length);
        boolean sameJvm = options.contains("same-jvm");
        List<Integer> sizes = options.stream().filter(o -> o.startsWith("size=")).map(o -> Integer.valueOf(o.substring(5)))
                .toList();
        for (int size : sizes.isEmpty() ? family.sizes : sizes) {
            AutoTuner tuner = new AutoTuner(TimingSettings.fromLookup(System::getProperty));
            Runner runner = new FamilyRunner(family);
            long t0 = System.nanoTime();
            try (TuningSession s = tuner.tune()) {
                tuner.chooseOne(family.name(), List.of(runner), TuningConfig.defaults(), family.inputs(size));
            }
            double millis = (System.nanoTime() - t0) / 1e6;
            TunedChoice e = tuner.choices().get(0);
            int chosen = tacticNumber(e.tactic());
            double[] medians = new double[family.tactics.size()];
            for (TunedChoice.Timed t : e.timed()) {
                medians[tacticNumber(t.tactic())] = t.nanos();
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "pick %s %d %d %b %.4f %.1f", family, size,
                    chosen, e.accepted(), Double.isNaN(e.speedup()) ? 1.0 : e.speedup(), millis));
            for (double m : medians) {
                line.append(String.format(Locale.ROOT, " %.1f", m));
            }
            System.out.println(line);
            if (!e.reason().isEmpty()) {
                System.out.println("verdict " + family + " " + size + ": " + e.reason());
            }
            if (sameJvm) {
                StringBuilder own = new StringBuilder("own " + family + " " + size);
                for (double nanos : timeInThisJvm(family, family.inputs(size))) {
                    own.append(String.format(Locale.ROOT, " %.1f", nanos));
                }
                System.out.println(own);
            }
        }
    }

    /** Each tactic's median time per call over {@link #ROUNDS} rounds of back-to-back calls, as JMH's loop makes them. */
    private static double[] timeInThisJvm(Family family, Object[] inputs) {
        int n = family.tactics.size();
        double[][] rounds = new double[n][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int t = 0; t < n; t++) {
                long start = System.nanoTime();
                long now;
                int calls = 0;
                do {
                    sink = family.run(t, inputs);
                    calls++;
                    now = System.nanoTime();
                } while (now - start < SLICE_NANOS || calls < 2);
                rounds[t][r] = (double) (now - start) / calls;
            }
        }
        double[] medians = new double[n];
        for (int t = 0; t < n; t++) {
            java.util.Arrays.sort(rounds[t]);
            medians[t] = rounds[t][ROUNDS / 2];
        }
        return medians;
    }

    /** The fallback is tactic 0; a candidate's tactic is its number. */
    private static int tacticNumber(String tactic) {
        return tactic.equals("FALLBACK") ? 0 : Integer.parseInt(tactic);
    }
}
