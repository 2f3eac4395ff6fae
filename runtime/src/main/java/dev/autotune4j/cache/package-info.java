/**
 * Internal: the tuned choices in memory ({@code ChoiceCache}) and in the cache file (reading, writing, merging,
 * locking, metadata checks). Not exported by the module descriptor; applications read choices through
 * {@code AutoTuner.choices()} and {@code TunedChoice.read}. The agent's report command carries a shaded copy of the
 * reading side.
 */
package dev.autotune4j.cache;
