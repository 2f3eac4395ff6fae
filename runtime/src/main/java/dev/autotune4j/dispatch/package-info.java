/**
 * The choose-one dispatcher: {@code AutoTuner} (the process tuner, sessions, the cache file), {@code TunableOp} (an op's
 * fast path and its misses), tuning passes and contests, the background tuner, statistics. Exported for
 * {@code AutoTuner}, {@code TunableOp}, {@code TuningSession}, {@code TunedChoice}, {@code Profiles}, the background
 * tuner and the statistics; {@code Route} and {@code RouteHandles} are public only for the binding package's call
 * sites. docs/architecture.md walks a call through it.
 *
 * <p>Nullness: no method here takes or returns null unless its javadoc says so ("or null").
 */
package dev.autotune4j.dispatch;
