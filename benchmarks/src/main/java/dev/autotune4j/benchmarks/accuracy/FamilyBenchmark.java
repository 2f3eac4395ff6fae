package dev.autotune4j.benchmarks.accuracy;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The oracle of the accuracy harness: JMH's time of one tactic of one family at one size ({@code FAMILY:size:index}).
 * {@link AccuracyHarness} runs it for every case; run alone it times the default case.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FamilyBenchmark {
    @Param("LOOPS:64:1")
    public String kase;

    private Family family;
    private int tactic;
    private Object[] inputs;

    @Setup
    public void setup() {
        String[] p = kase.split(":");
        family = Family.valueOf(p[0]);
        tactic = Integer.parseInt(p[2]);
        inputs = family.inputs(Integer.parseInt(p[1]));
    }

    @Benchmark
    public Object run() {
        return family.run(tactic, inputs);
    }
}
