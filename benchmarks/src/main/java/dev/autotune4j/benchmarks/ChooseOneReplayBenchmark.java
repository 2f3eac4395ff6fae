package dev.autotune4j.benchmarks;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.benchmarks.BenchInputs.ForeignMatrix;
import dev.autotune4j.benchmarks.BenchInputs.Tensor;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunableOp;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.TimingSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The API path's hot path, per input kind: a cache hit in REPLAY mode, one dynamic dim (the rows of input 0).
 * {@code chooseOne} goes through the op-name lookup; {@code choose} uses a held {@link TunableOp} handle;
 * {@code run} chooses and runs a trivial runner. Kinds: a 2-D array, a boxed number, three
 * {@code ShapedInput} matrices, three foreign matrices read through a registered {@code ShapeReader}.
 * Target: at most 20 ns and 0 B/op for every kind (run with {@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChooseOneReplayBenchmark {

    /** One tactic besides the fallback; running it reads one number, so {@code run} times the dispatch. */
    static final class Trivial implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(1);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            if (tactic == FALLBACK) {
                long s = 0;
                for (int i = 0; i < 2000; i++) {
                    s += i * (long) inputs.length;
                }
                return s;
            }
            return inputs;
        }
    }

    @Param({"array2d", "boxed", "shaped3", "foreign3"})
    public String kind;

    private AutoTuner tuner;
    private List<Trivial> runners;
    private TuningConfig config;
    private TunableOp op;
    private Object[] inputs;

    @Setup
    public void setUp() {
        BenchInputs.registerReaders();
        tuner = new AutoTuner(TimingSettings.quick());
        runners = List.of(new Trivial());
        config = TuningConfig.builder().dynamic(0, 0, Buckets.powersOfTwo(64), Buckets.nextPowerOfTwo()).build();
        switch (kind) {
            case "array2d" -> inputs = new Object[] {new float[24][64]};
            case "boxed" -> inputs = new Object[] {24};
            case "shaped3" -> inputs = new Object[] {new Tensor(24, 64, 1), new Tensor(64, 64, 1), new Tensor(24, 64, 1)};
            case "foreign3" -> inputs = new Object[] {new ForeignMatrix(24, 64, 1), new ForeignMatrix(64, 64, 1),
                    new ForeignMatrix(24, 64, 1)};
            default -> throw new IllegalArgumentException(kind);
        }
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("op", runners, config, inputs);
        }
        op = tuner.op("op", runners, config);
        if (op.choose(inputs).isFallback()) {
            throw new IllegalStateException("setup did not tune: the benchmark would time the miss path");
        }
    }

    @Benchmark
    public Choice chooseOne() {
        return tuner.chooseOne("op", runners, config, inputs);
    }

    @Benchmark
    public Choice choose() {
        return op.choose(inputs);
    }

    @Benchmark
    public Object run() throws Exception {
        return op.run(inputs);
    }
}
