package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.SameAnswer;
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
            SpinRunner.spin(tactic == FALLBACK ? 150 : tactic.equals(1) ? 20 : 2);
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
        assertEquals(1, c.tactic(), () -> "the right tactic wins; the wrong one was faster; "
                + tuner.cacheEntries().get(0).verdict() + " " + tuner.cacheEntries().get(0).trials());
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
        assertNull(SameAnswer.defaults().difference(new float[][] {{1f, 1000f}}, new float[][] {{1f + 5e-6f, 1000.5f}}));
        assertTrue(SameAnswer.defaults().difference(new float[] {1f}, new float[] {1.01f}).contains("at [0]"));
        assertNull(SameAnswer.defaults().difference(new double[] {1e6}, new double[] {1e6 + 1e-3}));
        assertTrue(SameAnswer.defaults().difference(new int[] {1, 2}, new int[] {1, 3}).contains("2 expected, 3 returned"));
        assertTrue(SameAnswer.defaults().difference(new int[] {1, 2}, new int[] {1}).contains("length 2 expected, 1 returned"));
        assertNull(SameAnswer.defaults().difference(List.of(1.0, 2.0), List.of(1.0, 2.0 + 1e-12)));
        assertTrue(SameAnswer.defaults().difference(Map.of("a", 1), Map.of("a", 2)).contains("at [a]"));
        record Pair(float left, long right) {
        }
        assertTrue(SameAnswer.defaults().difference(new Pair(1, 2), new Pair(1, 3)).contains("at .right"));
        assertNull(SameAnswer.defaults().difference(Double.NaN, Double.NaN));
        record Shaped(long rows, long cols) implements dev.autotune4j.api.ShapedInput {
            public int rank() {
                return 2;
            }

            public long dim(int i) {
                return i == 0 ? rows : cols;
            }

            public dev.autotune4j.api.ShapedInput withShape(long[] dims) {
                return new Shaped(dims[0], dims[1]);
            }
        }
        assertEquals("at [0]: shape [2, 3] expected, [3, 2] returned",
                SameAnswer.defaults().difference(new Object[] {new Shaped(2, 3)}, new Object[] {new Shaped(3, 2)}));
        assertThrows(SameAnswer.Incomparable.class, () -> SameAnswer.defaults().difference(new Object(), new Object()));
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
            SpinRunner.spin(tactic == FALLBACK ? 150 : tactic.equals(1) ? 20 : 2);
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

    @Test
    void theProcessWideToleranceAppliesWhereAnOpSetsNone() {
        AutoTuner tuner = Tuners.quick();
        tuner.setCheckAnswers(true);
        tuner.setAnswerTolerance(Double.NaN, 0.01);
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("global", List.of(new HalfPercentOff()), TuningConfig.defaults(), (Object) new float[1]);
            tuner.chooseOne("strict", List.of(new HalfPercentOff()), TuningConfig.builder().tolerance(0, 0).build(),
                    (Object) new float[1]);
        }
        assertEquals(7, tuner.chooseOne("global", List.of(new HalfPercentOff()), TuningConfig.defaults(),
                (Object) new float[1]).tactic(), "autotune4j.rtol=0.01 admits 0.5%");
        assertTrue(tuner.chooseOne("strict", List.of(new HalfPercentOff()), TuningConfig.builder().tolerance(0, 0).build(),
                (Object) new float[1]).isFallback(), "the op's own tolerance of 0 comes first");
        assertThrows(IllegalArgumentException.class, () -> tuner.setAnswerTolerance(-1, 0));
    }

    /** An application's result type with no equals: the check cannot compare it until an AnswerType is given. */
    static final class Histogram {
        final int[] counts;

        Histogram(int[] counts) {
            this.counts = counts;
        }
    }

    /** Compares histograms by their counts, and copies them (so one can be an output argument). */
    static final class HistogramAnswers implements dev.autotune4j.api.AnswerType<Histogram> {
        @Override
        public Class<Histogram> type() {
            return Histogram.class;
        }

        @Override
        public String difference(Histogram expected, Histogram actual, SameAnswer rules) {
            return rules.difference(expected.counts, actual.counts);
        }

        @Override
        public Histogram copy(Histogram value) {
            return new Histogram(value.counts.clone());
        }
    }

    /** Counts its input's values into the output histogram (argument 1); tactic 2 is fastest and drops one. */
    static final class CountsInto implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(1, 2);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            int[] x = (int[]) inputs[0];
            Histogram h = (Histogram) inputs[1];
            for (int v : x) {
                h.counts[v]++;
            }
            SpinRunner.spin(tactic == FALLBACK ? 150 : tactic.equals(1) ? 20 : 2);
            if (tactic.equals(2)) {
                h.counts[x[0]]--;
            }
            return null;
        }
    }

    @Test
    void anAnswerTypeComparesAndCopiesAnApplicationsOwnType() {
        Object[] args = {new int[] {0, 1, 1, 3}, new Histogram(new int[4])};
        Object[] fresh = {new int[] {0, 1, 1, 3}, new Histogram(new int[4])};
        AutoTuner blind = Tuners.quick();
        blind.setCheckAnswers(true);
        TuningConfig plain = TuningConfig.builder().outputs(1).build();
        try (TuningSession s = blind.tune()) {
            blind.chooseOne("hist", List.of(new CountsInto()), plain, args);
        }
        assertEquals(2, blind.chooseOne("hist", List.of(new CountsInto()), plain, args).tactic(),
                "a type it cannot copy is not compared (and said so once): the wrong tactic wins");
        AutoTuner taught = Tuners.quick();
        taught.setCheckAnswers(true);
        TuningConfig config = TuningConfig.builder().outputs(1).answerType(new HistogramAnswers()).build();
        try (TuningSession s = taught.tune()) {
            taught.chooseOne("hist", List.of(new CountsInto()), config, fresh);
        }
        assertEquals(1, taught.chooseOne("hist", List.of(new CountsInto()), config, fresh).tactic());
        OpStatistics stats = taught.statistics().op("hist").orElseThrow();
        String reason = stats.failures().get(0).reason();
        // the timing runs write into the caller's histogram (as the op would); the check's runs each had a copy of it
        assertTrue(reason.matches(".*in output argument 1, at \\[0\\]: (\\d+) expected, \\d+ returned.*"), reason);
        assertTrue(stats.checkMillis() > 0 && stats.checkMillis() < stats.tuningMillis(), stats.toString());
    }

    @Test
    void anAnswerTypeThatThrowsFailsTheCandidatesNotThePass() {
        dev.autotune4j.api.AnswerType<Histogram> broken = new dev.autotune4j.api.AnswerType<>() {
            @Override
            public Class<Histogram> type() {
                return Histogram.class;
            }

            @Override
            public String difference(Histogram expected, Histogram actual, SameAnswer rules) {
                throw new IllegalStateException("device lost");
            }

            @Override
            public Histogram copy(Histogram value) {
                return new Histogram(value.counts.clone());
            }
        };
        AutoTuner tuner = Tuners.quick();
        tuner.setCheckAnswers(true);
        TuningConfig config = TuningConfig.builder().outputs(1).answerType(broken).build();
        Object[] args = {new int[] {0, 1}, new Histogram(new int[2])};
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("broken", List.of(new CountsInto()), config, args);
        }
        assertTrue(tuner.chooseOne("broken", List.of(new CountsInto()), config, args).isFallback(),
                "not shown to compute the same answer: no candidate may win");
        List<Failure> failures = tuner.statistics().op("broken").orElseThrow().failures();
        assertEquals(2, failures.size(), failures.toString());
        assertTrue(failures.get(0).reason().contains("its answer could not be compared: java.lang.IllegalStateException: "
                + "device lost"), failures.get(0).reason());
    }

    /** Registered in META-INF/services (test resources): found for every op without being named in a config. */
    record Celsius(double degrees) {
    }

    public static final class CelsiusAnswers implements dev.autotune4j.api.AnswerType<Celsius> {
        @Override
        public Class<Celsius> type() {
            return Celsius.class;
        }

        @Override
        public String difference(Celsius expected, Celsius actual, SameAnswer rules) {
            return Math.abs(expected.degrees() - actual.degrees()) <= 0.5 ? null
                    : expected.degrees() + " C expected, " + actual.degrees() + " C returned (more than 0.5 C apart)";
        }
    }

    @Test
    void answerTypesOnTheClassPathAreFoundWithTheServiceLoader() {
        AutoTuner tuner = Tuners.quick();
        SameAnswer rules = tuner.answerRules().forOp(TuningConfig.defaults());
        assertNull(rules.difference(new Celsius(20), new Celsius(20.4)), "within the registered type's own rule");
        assertEquals("20.0 C expected, 21.0 C returned (more than 0.5 C apart)",
                rules.difference(new Celsius(20), new Celsius(21)));
        assertTrue(SameAnswer.defaults().difference(new Celsius(20), new Celsius(20.4)) != null,
                "without it, a record is compared by its components at the double default");
    }
}
