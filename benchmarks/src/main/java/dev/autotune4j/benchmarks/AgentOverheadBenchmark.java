package dev.autotune4j.benchmarks;

import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;
import dev.autotune4j.dispatch.AutoTuner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the agent adds to a call: the {@code @Tunable} method under the agent in REPLAY mode against a direct
 * call of the overload it chose. The op is trivial on purpose, so the difference is the dispatch.
 * Target: at most 5 ns/op added and 0 B/op. Run from the repository root (the fork loads
 * {@code agent/target/autotune4j-agent.jar}).
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-javaagent:agent/target/autotune4j-agent.jar=mode=replay")
public class AgentOverheadBenchmark {

    private int[] data;

    /** The body (fallback) answers differently from the candidate, so setup can tell that dispatch works. */
    @Tunable(op = "overhead", dynamic = @Dynamic(arg = 0, dim = 0, buckets = {16, 64}))
    public static int first(int[] a) {
        return a[0] - 1;
    }

    public static int first(int[] a, @Tactic(values = {1}) int tactic) {
        return a[0];
    }

    @Setup
    public void setUp() {
        data = new int[64];
        data[0] = 42;
        AutoTuner tuner = AutoTuner.get();
        tuner.setMode(Mode.TUNE);
        first(data);
        tuner.setMode(Mode.REPLAY);
        if (first(data) != 42) {
            throw new IllegalStateException("the @Tunable call did not reach the tuned overload: is the agent loaded "
                    + "(run from the repository root after mvn install)?");
        }
    }

    @Benchmark
    public int direct() {
        return first(data, 1);
    }

    @Benchmark
    public int tunable() {
        return first(data);
    }
}
