package dev.autotune4j.api;

import java.util.List;

/**
 * One candidate implementation of an op; each of its tactics is one way of running it (a kernel, a tile
 * size, a loop order). The tuner times every (runner, tactic) pair and remembers the fastest.
 *
 * <p>A tactic is any value the runner understands: an {@code Integer}, an enum constant, a record, a
 * {@code Map<String, ?>} or a {@code List}. Those types round-trip through the cache file; other types
 * still tune, but are kept in memory only (a warning says so when the cache is saved).
 *
 * <p>{@link #FALLBACK} is the tactic the tuner passes when it has no tuned choice. The fallback of an op
 * is its first runner with {@code FALLBACK}, so that runner must accept any input.
 */
public interface Runner {

    /** The tactic meaning "no tuned choice: run your default path". Never returned by the tuner as a winner
     *  unless a runner lists it among its valid tactics. */
    Object FALLBACK = FallbackTactic.FALLBACK;

    /**
     * The tactics that can run these inputs. Called once per tuned profile (with the synthesized inputs of
     * that profile) and once per new live shape when a cached choice is loaded from a file, to check that
     * the cached tactic is still valid for it. An empty list means "this runner cannot run these inputs".
     */
    List<?> validTactics(Object[] inputs, Profile profile);

    /**
     * Runs the inputs with one tactic and returns the result. The tuner consumes the result, so the work
     * cannot be optimized away while it is timed.
     */
    Object run(Object[] inputs, Object tactic) throws Exception;

    /**
     * One-time work before this runner's tactics are timed on a profile (building a lookup table, packing
     * weights). Excluded from timing; whatever it prepares must outlive the call.
     */
    default void prepare(Object[] inputs) throws Exception {
    }

    /**
     * What distinguishes this runner from another instance of its class, for the cache key: two runners of
     * one class whose attributes differ must return different ids. Records get their component values by
     * default; other classes must override this when instances differ.
     */
    default String id() {
        return RunnerIds.defaultId(this);
    }
}
