package dev.autotune4j.measure;

import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;

/**
 * Times one (runner, tactic) pair. The tuner picks the first registered profiler that {@link #accepts}
 * an op's inputs, and {@link CpuProfiler} otherwise: that is how device tensors get the CUDA profiler.
 */
public interface Profiler {

    /** Whether this profiler knows how to time calls on these inputs. */
    boolean accepts(Object[] inputs);

    /**
     * Warms up and times {@code runner.run(inputs, tactic)}. Throws whatever the tactic throws: the tuner
     * records the tactic as failed for this profile and goes on with the others.
     */
    Measurement measure(Runner runner, Object[] inputs, Object tactic, TuningConfig config) throws Exception;
}
