package dev.autotune4j.samples;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Runners;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.Capture;
import dev.autotune4j.dispatch.TunableOp;

import java.util.List;

/**
 * Sample 05: testing every tactic. Capture the op calls of a block once, then replay the block with every
 * combination of (runner, tactic) of the captured calls, and check that each gives the reference result:
 * a wrong tactic is found before the tuner ever picks it.
 *
 * <p>Run: {@code java -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.Sample05_TestEveryTactic}
 */
public final class Sample05_TestEveryTactic {
    private Sample05_TestEveryTactic() {
    }

    public static void main(String[] args) throws Exception {
        AutoTuner tuner = new AutoTuner();
        TunableOp scale = tuner.op("scale", List.of(
                Runners.fallback("loop", in -> times((int[]) in[0], 3)),
                Runners.of("unrolled", List.of(2, 4), (in, u) -> times((int[]) in[0], 3))), TuningConfig.defaults());
        TunableOp sum = tuner.op("sum", List.of(
                Runners.fallback("loop", in -> java.util.Arrays.stream((int[]) in[0]).sum()),
                // tactic 99 is deliberately wrong: the test below catches it
                Runners.of("buggy", List.of(1, 99), (in, t) -> java.util.Arrays.stream((int[]) in[0]).sum() + ((Integer) t == 99 ? 1 : 0))),
                TuningConfig.defaults());
        int[] data = {1, 2, 3, 4};
        int expected = 30;

        Capture capture;
        try (Capture c = tuner.capture()) {
            capture = c;
            block(scale, sum, data);
        }
        System.out.println("captured calls: " + capture.ops());
        for (List<Choice> combination : capture.combinations()) {
            int result;
            try (Capture.Replay r = capture.replay(combination)) {
                result = block(scale, sum, data);
            }
            System.out.printf("%-60s -> %d %s%n", combination, result, result == expected ? "ok" : "WRONG");
        }
    }

    private static int block(TunableOp scale, TunableOp sum, int[] data) throws Exception {
        int[] scaled = (int[]) scale.run((Object) data);
        return (Integer) sum.run((Object) scaled);
    }

    private static int[] times(int[] a, int k) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * k;
        }
        return out;
    }
}
