/**
 * Binding a method to an op: the bootstrap methods the agent's rewritten methods link to ({@code CallSites}), the
 * declarations read from annotations and checked ({@code Declarations}, {@code DeclarationCheck}, shaded into the
 * agent), and {@code TunableTargets}, to tune a library's methods without annotations. Exported for
 * {@code TunableTargets} and {@code CallSites}.
 *
 * <p>Nullness: no method here takes or returns null unless its javadoc says so ("or null").
 */
package dev.autotune4j.binding;
