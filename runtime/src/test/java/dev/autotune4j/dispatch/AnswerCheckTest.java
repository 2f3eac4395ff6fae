package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The answer check (issue 15): a tactic that computes a different answer never wins, however fast. */
class AnswerCheckTest {

    /** Sums its input; tactic 1 is right and slow, tactic 2 fastest and wrong in its last element. */
    static final class Sums implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(1, 2);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            float[] x = (float[]) inputs[0];
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i] * 2;
            }
            SpinRunner.spin(tactic == FALLBACK ? 60 : tactic.equals(1) ? 20 : 2);
            if (tactic.equals(2)) {
                out[x.length - 1] += 1;
            }
            return out;
        }
    }

    @Test
    void theFastestWrongTacticNeverWinsAndIsRecordedWithWhere() throws Exception {
        AutoTuner tuner = Tuners.quick();
        tuner.setCheckAnswers(true);
        float[] x = {1, 2, 3, 4};
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("sums", List.of(new Sums()), TuningConfig.defaults(), (Object) x);
        }
        Choice c = tuner.chooseOne("sums", List.of(new Sums()), TuningConfig.defaults(), (Object) x);
        assertEquals(1, c.tactic(), "the right tactic wins; the wrong one was faster");
        OpStatistics stats = tuner.statistics().op("sums").orElseThrow();
        assertEquals(1, stats.failures().size(), stats.failures().toString());
        String reason = stats.failures().get(0).reason();
        assertTrue(reason.contains("does not compute the fallback's answer") && reason.contains("at [3]")
                && reason.contains("8.0 expected, 9.0 returned"), reason);
    }

    @Test
    void withoutTheCheckTheWrongTacticWins() {
        AutoTuner tuner = Tuners.quick();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("unchecked", List.of(new Sums()), TuningConfig.defaults(), (Object) new float[] {1, 2});
        }
        assertEquals(2, tuner.chooseOne("unchecked", List.of(new Sums()), TuningConfig.defaults(),
                (Object) new float[] {1, 2}).tactic(), "what the check is for");
    }

    @Test
    void answersCompareWithinTheirTypesTolerance() throws Exception {
        assertNull(SameAnswer.difference(new float[][] {{1f, 1000f}}, new float[][] {{1f + 5e-6f, 1000.5f}}));
        assertTrue(SameAnswer.difference(new float[] {1f}, new float[] {1.01f}).contains("at [0]"));
        assertNull(SameAnswer.difference(new double[] {1e6}, new double[] {1e6 + 1e-3}));
        assertTrue(SameAnswer.difference(new int[] {1, 2}, new int[] {1, 3}).contains("2 expected, 3 returned"));
        assertTrue(SameAnswer.difference(new int[] {1, 2}, new int[] {1}).contains("length 2 expected, 1 returned"));
        assertNull(SameAnswer.difference(List.of(1.0, 2.0), List.of(1.0, 2.0 + 1e-12)));
        assertTrue(SameAnswer.difference(Map.of("a", 1), Map.of("a", 2)).contains("at [a]"));
        record Pair(float left, long right) {
        }
        assertTrue(SameAnswer.difference(new Pair(1, 2), new Pair(1, 3)).contains("at .right"));
        assertNull(SameAnswer.difference(Double.NaN, Double.NaN));
        assertThrows(SameAnswer.Incomparable.class, () -> SameAnswer.difference(new Object(), new Object()));
    }

    /** Writes twice its input into the output argument (index 1); tactic 2 is fastest and writes one wrong element. */
    static final class IntoOutput implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(1, 2);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            float[] x = (float[]) inputs[0];
            float[] out = (float[]) inputs[1];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i] * 2;
            }
            SpinRunner.spin(tactic == FALLBACK ? 60 : tactic.equals(1) ? 20 : 2);
            if (tactic.equals(2)) {
                out[0] = -1;
            }
            return null;
        }
    }

    @Test
    void declaredOutputArgumentsAreComparedToo() {
        AutoTuner tuner = Tuners.quick();
        tuner.setCheckAnswers(true);
        TuningConfig config = TuningConfig.builder().outputs(1).build();
        Object[] args = {new float[] {1, 2, 3}, new float[3]};
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("into", List.of(new IntoOutput()), config, args);
        }
        assertEquals(1, tuner.chooseOne("into", List.of(new IntoOutput()), config, args).tactic());
        String reason = tuner.statistics().op("into").orElseThrow().failures().get(0).reason();
        assertTrue(reason.contains("in output argument 1, at [0]: 2.0 expected, -1.0 returned"), reason);
    }

    /** Off by 0.5% in one element: wrong under the float default (rtol 1e-3), right under a declared rtol of 1%. */
    static final class HalfPercentOff implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(7);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            SpinRunner.spin(tactic == FALLBACK ? 60 : 2);
            return new float[] {tactic == FALLBACK ? 100f : 100.5f};
        }
    }

    @Test
    void anOpsToleranceDecidesWhatIsTheSameAnswer() {
        AutoTuner strict = Tuners.quick();
        strict.setCheckAnswers(true);
        try (TuningSession s = strict.tune()) {
            strict.chooseOne("off", List.of(new HalfPercentOff()), TuningConfig.defaults(), (Object) new float[1]);
        }
        assertTrue(strict.chooseOne("off", List.of(new HalfPercentOff()), TuningConfig.defaults(), (Object) new float[1])
                .isFallback(), "0.5% is more than the default rtol of 0.1%");
        AutoTuner lenient = Tuners.quick();
        lenient.setCheckAnswers(true);
        TuningConfig onePercent = TuningConfig.builder().tolerance(0, 0.01).build();
        try (TuningSession s = lenient.tune()) {
            lenient.chooseOne("off", List.of(new HalfPercentOff()), onePercent, (Object) new float[1]);
        }
        assertEquals(7, lenient.chooseOne("off", List.of(new HalfPercentOff()), onePercent, (Object) new float[1]).tactic());
    }
}
