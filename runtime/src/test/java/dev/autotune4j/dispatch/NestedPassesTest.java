package dev.autotune4j.dispatch;

import dev.autotune4j.api.DynamicDimSpec;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.measure.TimingSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An op tuned inside another op's candidate (its first call is there): its pass is not the outer candidate's time,
 * for the candidate's tactic budget, the hang watchdog or the outer op's budget; and a hang inside that pass is still
 * cut off.
 */
class NestedPassesTest {

    private static AutoTuner tuner(Duration tacticTimeout, Duration opBudget) {
        TimingSettings q = TimingSettings.quick();
        return new AutoTuner(q.withBudgets(q.tacticBudget(), tacticTimeout, opBudget));
    }

    /**
     * The inner op's one runner: its first tuning pass takes {@code firstPassMillis} (the first {@code validTactics}
     * sleeps); its tactic 0 sleeps {@code tacticMillis}, its fallback spins 5 µs.
     */
    private static Runner inner(long firstPassMillis, long tacticMillis) {
        AtomicBoolean slept = new AtomicBoolean();
        return new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                if (slept.compareAndSet(false, true)) {
                    sleep(firstPassMillis);
                }
                return List.of(0);
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                if (tactic == FALLBACK) {
                    SpinRunner.spin(5);
                } else {
                    sleep(tacticMillis);
                }
                return 1;
            }
        };
    }

    /** An outer op whose tactic 0 is 15x faster than its fallback; every run calls the op {@code "inner"}. */
    private static SpinRunner outerCalling(AutoTuner tuner, Runner inner) {
        SpinRunner outer = new SpinRunner("outer", Map.of(0, 2), 30);
        outer.onRun = inputs -> tuner.chooseOne("inner", List.of(inner), TuningConfig.defaults(), inputs);
        return outer;
    }

    private static TunedChoice outerChoice(AutoTuner tuner) {
        return tuner.choices().stream().filter(c -> c.op().equals("outer")).findFirst().orElseThrow();
    }

    /**
     * Charged to the candidate's tactic budget, the inner pass left the outer fallback 1 sample, its interval said
     * nothing ([0.00, Infinity]) and the outer op kept its fallback against the 15x faster tactic (1 run in 3 of
     * {@code AutoTunerTest.nestedOpsTuneAndReplayBoth}, whose inner pass is shorter).
     */
    @Test
    void aNestedOpsTuningPassIsNotChargedToTheOuterCandidateThatRanIt() {
        AutoTuner tuner = Tuners.quick();
        SpinRunner outer = outerCalling(tuner, inner(tuner.settings().tacticBudget().toMillis() + 100, 0));
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("outer", List.of(outer), TuningConfig.defaults(), (Object) new float[4]);
        }
        TunedChoice chosen = outerChoice(tuner);
        assertEquals("0", chosen.tactic(), chosen.reason());
        // decided by its first timing: charged the inner pass, the fallback had 1 sample, and only a second timing
        // (where the tactic's time was still falling) could decide
        assertFalse(chosen.reason().contains("timed 2 times"), chosen.reason());
    }

    @Test
    void aNestedPassLongerThanTheTacticTimeoutIsNotAHang() {
        AutoTuner tuner = tuner(Duration.ofMillis(400), Duration.ofMinutes(5));
        SpinRunner outer = outerCalling(tuner, inner(900, 0));
        long start = System.nanoTime();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("outer", List.of(outer), TuningConfig.defaults(), (Object) new float[4]);
        }
        double wallMillis = (System.nanoTime() - start) / 1e6;
        OpStatistics stats = tuner.statistics().op("outer").orElseThrow();
        assertEquals(0, stats.abandonedThreads(), stats.failures().toString());
        assertEquals(List.of(), stats.failures());
        assertEquals("0", outerChoice(tuner).tactic(), outerChoice(tuner).reason());
        // one thread tuned both: their tuning times add up to no more than the wall time (the outer op's once
        // included the inner pass, so the statistics counted those 900 ms twice)
        double inner = tuner.statistics().op("inner").orElseThrow().tuningMillis();
        assertTrue(inner >= 900 && stats.tuningMillis() + inner <= wallMillis,
                "outer " + stats.tuningMillis() + " ms + inner " + inner + " ms, in " + wallMillis + " ms");
    }

    @Test
    void aNestedPassDoesNotSpendTheOuterOpsBudget() {
        AutoTuner tuner = tuner(Duration.ofSeconds(60), Duration.ofMillis(1500));
        SpinRunner outer = outerCalling(tuner, inner(1800, 0));
        TuningConfig buckets = TuningConfig.builder().dynamic(DynamicDimSpec.of(0, 0, 1, 2, 4)).build();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("outer", List.of(outer), buckets, (Object) new float[3][8]);
        }
        OpStatistics stats = tuner.statistics().op("outer").orElseThrow();
        assertEquals(0, stats.abandonedThreads(), stats.failures().toString());
        assertEquals(4, stats.tunedProfiles(), "buckets 1, 2, 4 and the live 3, all in the first pass");
    }

    /** Excusing the nested pass must not make a hang inside it unbounded: at most the tactic timeout plus one op budget. */
    @Test
    void aHangInsideANestedPassIsStillCutOff() {
        AutoTuner tuner = tuner(Duration.ofMillis(300), Duration.ofMillis(600));
        SpinRunner outer = outerCalling(tuner, inner(0, 5_000));
        long start = System.nanoTime();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("outer", List.of(outer), TuningConfig.defaults(), (Object) new float[4]);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3_000, "the outer pass took " + millis + " ms: a hang nested in it went unbounded");
        OpStatistics stats = tuner.statistics().op("outer").orElseThrow();
        assertEquals(1, stats.abandonedThreads(), stats.failures().toString());
        assertTrue(stats.failures().get(0).reason().contains("tuning the ops it called, not counted"),
                stats.failures().toString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
