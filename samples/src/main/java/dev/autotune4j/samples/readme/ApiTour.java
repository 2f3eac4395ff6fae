package dev.autotune4j.samples.readme;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunableOp;
import dev.autotune4j.dispatch.TuningSession;

import java.nio.file.Path;
import java.util.List;

/**
 * The README's API tour, compiled as written (a test checks that the README's lines are these, and runs it).
 *
 * <p>Run: {@code java -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.readme.ApiTour}
 * (writes {@code tuning.rank0.json} in the working directory).
 */
public final class ApiTour {
    private ApiTour() {
    }

    // 1. A runner: its valid tactics, and how to run one. The first runner's FALLBACK must handle any input.
    static final class BlockedMatMul implements Runner {
        public List<?> validTactics(Object[] inputs, Profile profile) { return List.of(8, 32, 128); }
        public Object run(Object[] inputs, Object tactic) {
            float[][] a = (float[][]) inputs[0], b = (float[][]) inputs[1];
            return tactic == FALLBACK ? Loops.naive(a, b) : Loops.blocked(a, b, (Integer) tactic);
        }
    }

    public static void main(String[] args) throws Exception {   // Choice.run and TunableOp.run throw what a runner throws
        List<Runner> runners = List.of(new BlockedMatMul());
        float[][] a = new float[24][64];
        float[][] b = new float[64][64];

        // 2. A config: the rows of input 0 are dynamic, tuned at powers of two up to 64, looked up by next power of two.
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.powersOfTwoUpToSize(), Buckets.nextPowerOfTwo())
                .tuneMaxSize(64)
                .build();

        // 3. Tune once (loads tuning.rank0.json if it exists, saves it on close) ...
        AutoTuner tuner = AutoTuner.get();
        try (TuningSession s = tuner.tune(Path.of("tuning.json"))) {
            tuner.chooseOne("matmul", runners, config, a, b);
        }
        // ... then every call replays the cached choice (REPLAY is the default mode).
        Choice c = tuner.chooseOne("matmul", runners, config, a, b);
        Object out = c.run(new Object[] {a, b});

        // Hot path: hold the op handle (no name lookup).
        TunableOp matmul = tuner.op("matmul", runners, config);
        Object out2 = matmul.run(a, b);
        System.out.println("chose " + c + "; " + tuner.choices().size() + " entries tuned; results "
                + (((float[][]) out).length == ((float[][]) out2).length ? "agree" : "differ"));
    }
}
