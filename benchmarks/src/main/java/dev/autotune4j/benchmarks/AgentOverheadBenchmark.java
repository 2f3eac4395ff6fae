package dev.autotune4j.benchmarks;

import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;
import dev.autotune4j.benchmarks.BenchInputs.ForeignMatrix;
import dev.autotune4j.benchmarks.BenchInputs.Tensor;
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
 * What the agent adds to a call, per input kind: each {@code @Tunable} method under the agent in REPLAY mode
 * (a cache hit, its key compared dim by dim) against a direct call of the overload it chose. The ops are
 * trivial on purpose, so the difference is the dispatch. Kinds: a primitive array, a boxed number, an
 * application type implementing {@code ShapedInput}, a foreign type read through a registered
 * {@code ShapeReader}, and three foreign matrices at once. Target: at most 5 ns/op added and 0 B/op for each.
 * Run from the repository root (the fork loads {@code agent/target/autotune4j-agent.jar}).
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// check=off: each overload answers differently from its body on purpose (setup tells dispatch works by it)
@Fork(value = 1, jvmArgsAppend = "-javaagent:agent/target/autotune4j-agent.jar=mode=replay,check=off")
public class AgentOverheadBenchmark {

    private int[] data;
    private Integer boxed;
    private Tensor tensor;
    private ForeignMatrix a;
    private ForeignMatrix b;
    private ForeignMatrix c;

    // Each body (the fallback) answers differently from its candidate, so setup can tell that dispatch works,
    // and is made slower than it, so that tuning always picks the candidate (equal costs would let noise pick).

    private static volatile int sink;

    private static int slowly(int answer) {
        int s = answer;
        for (int i = 0; i < 2_000; i++) {
            s = s * 31 + i;
        }
        sink = s;
        return answer;
    }

    @Tunable(op = "overhead", dynamic = @Dynamic(arg = 0, dim = 0, buckets = {16, 64}))
    public static int first(int[] a) {
        return slowly(a[0] - 1);
    }

    public static int first(int[] a, @Tactic(values = {1}) int tactic) {
        return a[0];
    }

    @Tunable(op = "overhead-boxed", dynamic = @Dynamic(arg = 0, dim = 0, buckets = {16, 64}))
    public static int boxed(Integer n) {
        return slowly(n - 1);
    }

    public static int boxed(Integer n, @Tactic(values = {1}) int tactic) {
        return n;
    }

    @Tunable(op = "overhead-shaped", dynamic = @Dynamic(arg = 0, dim = 0, buckets = {16, 64}))
    public static int shaped(Tensor t) {
        return slowly(t.first() - 1);
    }

    public static int shaped(Tensor t, @Tactic(values = {1}) int tactic) {
        return t.first();
    }

    @Tunable(op = "overhead-foreign", dynamic = @Dynamic(arg = 0, dim = 0, buckets = {16, 64}))
    public static int foreign(ForeignMatrix m) {
        return slowly(m.first - 1);
    }

    public static int foreign(ForeignMatrix m, @Tactic(values = {1}) int tactic) {
        return m.first;
    }

    @Tunable(op = "overhead-foreign3", dynamic = @Dynamic(arg = 0, dim = 0, buckets = {16, 64}))
    public static int foreign3(ForeignMatrix x, ForeignMatrix y, ForeignMatrix z) {
        return slowly(x.first + y.first + z.first - 1);
    }

    public static int foreign3(ForeignMatrix x, ForeignMatrix y, ForeignMatrix z, @Tactic(values = {1}) int tactic) {
        return x.first + y.first + z.first;
    }

    @Setup
    public void setUp() {
        BenchInputs.registerReaders();
        data = new int[64];
        data[0] = 42;
        boxed = 42;
        tensor = new Tensor(64, 8, 42);
        a = new ForeignMatrix(64, 8, 42);
        b = new ForeignMatrix(8, 8, 1);
        c = new ForeignMatrix(64, 8, 1);
        AutoTuner tuner = AutoTuner.get();
        tuner.setMode(Mode.TUNE);
        // the agent's default: misses are tuned in the background and call sites linked by a linker thread, so
        // call until every method answers from its tuned overload (the configuration a service runs with)
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (first(data) != 42 || boxed(boxed) != 42 || shaped(tensor) != 42 || foreign(a) != 42
                || foreign3(a, b, c) != 44) {
            if (System.nanoTime() > deadline) {
                break;
            }
            try {
                tuner.background().awaitIdle(1000);
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tuner.setMode(Mode.REPLAY);
        if (first(data) != 42 || boxed(boxed) != 42 || shaped(tensor) != 42 || foreign(a) != 42 || foreign3(a, b, c) != 44) {
            throw new IllegalStateException("a @Tunable call did not reach the tuned overload: is the agent loaded "
                    + "(run from the repository root after mvn install)?");
        }
    }

    @Benchmark
    public int arrayDirect() {
        return first(data, 1);
    }

    @Benchmark
    public int arrayTunable() {
        return first(data);
    }

    @Benchmark
    public int boxedDirect() {
        return boxed(boxed, 1);
    }

    @Benchmark
    public int boxedTunable() {
        return boxed(boxed);
    }

    @Benchmark
    public int shapedDirect() {
        return shaped(tensor, 1);
    }

    @Benchmark
    public int shapedTunable() {
        return shaped(tensor);
    }

    @Benchmark
    public int foreignDirect() {
        return foreign(a, 1);
    }

    @Benchmark
    public int foreignTunable() {
        return foreign(a);
    }

    @Benchmark
    public int foreign3Direct() {
        return foreign3(a, b, c, 1);
    }

    @Benchmark
    public int foreign3Tunable() {
        return foreign3(a, b, c);
    }
}
