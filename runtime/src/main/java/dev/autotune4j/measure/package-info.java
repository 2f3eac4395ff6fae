/**
 * Timing tactics on the CPU: {@code TacticTimer} (the plugin interface; {@code CpuTimer} and the CUDA timer implement
 * it), {@code TimingSettings} (the knobs), and what makes a timing trustworthy: JIT warmth, page faults, run-queue
 * delay, confidence intervals. Exported for {@code TacticTimer}, {@code MetadataSource} and {@code TimingSettings}.
 *
 * <p>Nullness: no method here takes or returns null unless its javadoc says so ("or null").
 */
package dev.autotune4j.measure;
