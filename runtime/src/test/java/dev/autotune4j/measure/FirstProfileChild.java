package dev.autotune4j.measure;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TuningSession;

import java.util.List;

/**
 * A fresh JVM's first profile, for {@link StatisticsWarmupTest}: prints which of the tuner's statistics methods
 * lacked top-tier code when the first tactic of the JVM was first called, and what the statistics' warming did.
 */
public final class FirstProfileChild {
    private static volatile List<String> coldAtFirstCall;

    private FirstProfileChild() {
    }

    public static void main(String[] args) {
        Runner runner = new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of(1);
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                if (coldAtFirstCall == null) {
                    coldAtFirstCall = List.copyOf(TopTierCode.without(StatisticsWarmup.methods()));
                }
                long s = 0;
                for (int i = 0; i < 1000; i++) {
                    s += i * (long) inputs[0].hashCode();
                }
                return s;
            }
        };
        AutoTuner tuner = new AutoTuner(TimingSettings.fromLookup(System::getProperty));
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("first", List.of(runner), TuningConfig.defaults(), new Object[] {new float[64]});
        }
        StatisticsWarmup.Result r = StatisticsWarmup.done();
        System.out.println("cold at first call: " + coldAtFirstCall);
        System.out.println("warmup: " + (r == null ? "none" : r.calls() + " calls, " + r.millis() + " ms, cold " + r.cold()));
    }
}
