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

    public static void main(String[] args) {
        Family family = Family.valueOf(args[0]);
        for (int size : family.sizes) {
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
        }
    }

    /** The fallback is tactic 0; a candidate's tactic is its number. */
    private static int tacticNumber(String tactic) {
        return tactic.equals("FALLBACK") ? 0 : Integer.parseInt(tactic);
    }
}
