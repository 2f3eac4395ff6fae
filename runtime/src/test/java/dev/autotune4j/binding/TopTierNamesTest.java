package dev.autotune4j.binding;

import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunedChoice;
import dev.autotune4j.measure.TimingSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's candidates name their method as the JIT's code list does, so that a background timing waits for its
 * top-tier code and then stops waiting: a name the list never shows would make every profile wait out its 2 s and
 * say "timed before the JIT compiled".
 */
class TopTierNamesTest {

    static final class Kernels {
        /** The fallback: four passes. */
        @Tunable
        static long sum(long[] x) {
            long s = 0;
            for (int pass = 0; pass < 4; pass++) {
                for (long v : x) {
                    s += v ^ pass;
                }
            }
            return s;
        }

        /** One pass, whatever the tactic: 4x faster than the fallback. */
        static long sum(long[] x, @Tactic(values = {1, 2}) int t) {
            long s = 0;
            for (long v : x) {
                s += v * t;
            }
            return s;
        }
    }

    @Test
    void aCandidateMethodIsFoundInTheCodeListAndTimedOnceCompiled() throws Exception {
        TimingSettings q = TimingSettings.quick();
        AutoTuner tuner = new AutoTuner(q.withBudgets(q.tacticBudget(), Duration.ofSeconds(10), q.opBudget()));
        SiteHarness site = SiteHarness.of(Kernels.class, "sum", tuner, long[].class);
        tuner.background().setEnabled(true);
        tuner.setMode(Mode.TUNE);
        site.call((Object) new long[512]);
        assertTrue(tuner.background().awaitIdle(60_000));
        assertEquals(1, tuner.choices().size());
        TunedChoice choice = tuner.choices().get(0);
        assertFalse(choice.reason().contains("timed before the JIT compiled"), choice.reason());
        assertFalse(choice.tactic().equals("FALLBACK"), choice.reason());
    }
}
