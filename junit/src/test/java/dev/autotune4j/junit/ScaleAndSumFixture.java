package dev.autotune4j.junit;

import dev.autotune4j.api.Runners;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunableOp;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A test class that {@link EveryTacticTest} runs through the JUnit launcher (not a test of its own: its name does
 * not end in Test). Two ops: {@code scale} (tactics unrolled 2 and 4) and {@code sum} (tactic 1, and a wrong tactic
 * 99): 2 x 2 = 4 combinations, the 2 with {@code sum=buggy/99} fail; the capture runs the fallbacks.
 */
class ScaleAndSumFixture {
    static final TunableOp SCALE = AutoTuner.get().op("fixture-scale", List.of(
            Runners.fallback("loop", in -> times((int[]) in[0])),
            Runners.of("unrolled", List.of(2, 4), (in, u) -> times((int[]) in[0]))), TuningConfig.defaults());
    static final TunableOp SUM = AutoTuner.get().op("fixture-sum", List.of(
            Runners.fallback("loop", in -> Arrays.stream((int[]) in[0]).sum()),
            Runners.of("buggy", List.of(1, 99), (in, t) -> Arrays.stream((int[]) in[0]).sum() + ((Integer) t == 99 ? 1 : 0))),
            TuningConfig.defaults());

    @EveryTactic
    void scaleThenSum() throws Exception {
        int[] scaled = (int[]) SCALE.run((Object) new int[] {1, 2, 3, 4});
        assertEquals(30, (Integer) SUM.run((Object) scaled));
    }

    /** Asserts nothing of its own: only the shared answer check can fail the wrong tactic. */
    @EveryTactic
    void sumWithALooseAssertion() throws Exception {
        Object sum = SUM.run((Object) new int[] {1, 2, 3, 4});
        assertEquals(Integer.class, sum.getClass());
    }

    @EveryTactic(checkAnswers = false)
    void sumUnchecked() throws Exception {
        SUM.run((Object) new int[] {1, 2, 3, 4});
    }

    @EveryTactic
    void noOpCalled() {
        assertEquals(2, 1 + 1);
    }

    private static int[] times(int[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * 3;
        }
        return out;
    }
}
