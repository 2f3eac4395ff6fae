/**
 * GPU support through JCuda (which GPU users add): device tensors, streams, the bundled kernels, and the CUDA timer
 * (events, CUDA graphs, a delay kernel), found as a {@code TacticTimer} plugin. Exported. docs/gpu.md.
 *
 * <p>Nullness: no method here takes or returns null unless its javadoc says so ("or null").
 */
package dev.autotune4j.cuda;
