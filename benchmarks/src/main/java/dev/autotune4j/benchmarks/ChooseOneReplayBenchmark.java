package dev.autotune4j.benchmarks;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunableOp;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.ProfilerSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher's hot path: a cache hit in REPLAY mode, one dynamic dim (the rows of a 2-D array).
 * {@code chooseOne} goes through the op-name lookup; {@code tunableOp} uses a held {@link TunableOp} handle,
 * as the agent's call sites do. Target: under 50 ns and 0 B/op (run with {@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChooseOneReplayBenchmark {

    /** Two tactics; the benchmark never runs them, it only chooses. */
    static final class Gemm implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(1, 2);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            float[][] a = (float[][]) inputs[0];
            float s = 0;
            int reps = tactic == FALLBACK ? 3 : (Integer) tactic;
            for (int r = 0; r < reps; r++) {
                for (float[] row : a) {
                    s += row[0];
                }
            }
            return s;
        }
    }

    private AutoTuner tuner;
    private List<Gemm> runners;
    private TuningConfig config;
    private TunableOp op;
    private Object[] inputs;

    @Setup
    public void setUp() {
        tuner = new AutoTuner(ProfilerSettings.quick());
        runners = List.of(new Gemm());
        config = TuningConfig.builder().dynamic(0, 0, Buckets.powersOfTwo(64), Buckets.nextPowerOfTwo()).build();
        inputs = new Object[] {new float[24][64]};
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("gemm", runners, config, inputs);
        }
        op = tuner.op("gemm", runners, config);
        if (op.choose(inputs).isFallback()) {
            throw new IllegalStateException("setup did not tune: the benchmark would time the miss path");
        }
    }

    @Benchmark
    public Choice chooseOne() {
        return tuner.chooseOne("gemm", runners, config, inputs);
    }

    @Benchmark
    public Choice tunableOp() {
        return op.choose(inputs);
    }
}
