/**
 * What an application writes against: {@code @Tunable}, {@code @Tactic} and {@code @Dynamic}, runners, tuning configs
 * and buckets, shape readers, answer rules. Exported; it depends on no other package of the runtime.
 *
 * <p>Nullness: no method here takes or returns null unless its javadoc says so ("or null").
 */
package dev.autotune4j.api;
