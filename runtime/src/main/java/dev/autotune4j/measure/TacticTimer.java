package dev.autotune4j.measure;

import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;

/**
 * Times (runner, tactic) pairs. The tuner picks the first registered timer that {@link #accepts} an op's
 * inputs, and {@link CpuTimer} otherwise: that is how device tensors get the CUDA timer.
 *
 * <p>Timing is split in two so that the tuner can interleave the candidates of a profile: it warms every
 * candidate ({@link #start}), then takes their samples round-robin ({@link Timing#sample}). Whatever changes
 * during the rounds (a late JIT compile, another process waking up, the clock speed) then affects every
 * candidate alike, instead of deciding the winner.
 */
public interface TacticTimer {

    /** Whether this timer knows how to time calls on these inputs. */
    boolean accepts(Object[] inputs);

    /**
     * Warms up {@code runner.run(inputs, tactic)} and returns its timing. Throws whatever the tactic throws:
     * the tuner records the tactic as failed for this profile and goes on with the others.
     */
    Timing start(Runner runner, Object[] inputs, Object tactic, TuningConfig config) throws Exception;

    /** The samples of one warmed (runner, tactic). */
    interface Timing {

        /** How many samples this tactic should get (fewer for long tactics: the short-profile rule). */
        int samplesWanted();

        /** Times one sample and returns the mean time of one call in it, in nanoseconds. */
        double sample() throws Exception;

        /**
         * False when warmup ended at its budget with the time still falling or the JIT still compiling: the samples
         * may be of code that is not yet at its final tier. The verdict then says it is of low confidence; an
         * unsettled fallback can only be displaced by a candidate that beats even its fastest sample, and where
         * settling could change a kept fallback the tuner times the profile once more (see {@code Contest}).
         */
        default boolean settled() {
            return true;
        }

        /**
         * Whether a JIT compile finishing during a sample spoils it (CPU time of JVM code). The tuner then drops the
         * round; a GPU's event time does not depend on the host's JIT.
         */
        default boolean jitSensitive() {
            return true;
        }

        /**
         * Frees what the timing holds (a GPU's graph and events). The tuner calls it once it is done with the
         * tactic; until then it may take samples beyond {@link #samplesWanted()}, where a comparison is still open.
         */
        default void close() {
        }
    }
}
