package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.TacticCodec;
import dev.autotune4j.cache.StoredTactic;
import dev.autotune4j.internal.Log;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.Shapes;

import java.util.List;

/** An op's cached choice for a profile: the fastest runner's entry, its tactic resolved for this JVM. */
final class CacheLookup {
    private static final Log LOG = Log.get(CacheLookup.class);

    private CacheLookup() {
    }

    /**
     * The cached choice for a profile, with its tactic resolved for this JVM: a tactic tuned here is used
     * as is; one loaded from a file is matched against the tactics its runner offers for these inputs, so a
     * stale or foreign tactic is never run.
     */
    static Choice choice(TunableOp op, ShapeKey key, Object[] inputs, Mode mode) {
        int bestRunner = fastestRunner(op, key);
        CacheEntry best = bestRunner < 0 ? null : op.tuner.cache().get(op.cacheKey(bestRunner, key));
        if (best == null) {
            return null;   // none, or removed since (a clear from another thread)
        }
        Runner runner = op.runners.get(bestRunner);
        Object tactic = resolveTactic(best, runner, inputs);
        if (tactic == NO_TACTIC) {
            if (op.tuner.logOnce().first(List.of(op.name, key, "unresolved"))) {
                LOG.warn("autotune4j: op '{}': cached tactic {} of {} for shape {} is not among the tactics the runner "
                        + "offers now; {}", op.name, StoredTactic.describe(best.tactic()), op.runnerClasses[bestRunner], key,
                        mode == Mode.TUNE ? "dropping it and tuning again" : "running the fallback (re-tune to refresh the cache)");
            }
            if (mode == Mode.TUNE) {
                op.tuner.cache().remove(best.key());
            }
            return null;
        }
        return new Choice(runner, tactic, bestRunner, tactic == Runner.FALLBACK && bestRunner == 0);
    }

    /** The profile's entry, or null: the fastest runner's ({@link #fastestRunner}). */
    static CacheEntry entry(TunableOp op, ShapeKey key) {
        int runner = fastestRunner(op, key);
        return runner < 0 ? null : op.tuner.cache().get(op.cacheKey(runner, key));
    }

    /**
     * The runner whose entry for the profile is fastest, or -1 when none has one. Several runners have entries when
     * files were merged, or a runner won in one process and another in the next.
     */
    static int fastestRunner(TunableOp op, ShapeKey key) {
        int fastest = -1;
        double nanos = 0;
        for (int i = 0; i < op.runnerClasses.length; i++) {
            CacheEntry e = op.tuner.cache().get(op.cacheKey(i, key));
            if (e != null && (fastest < 0 || e.nanos() < nanos)) {
                fastest = i;
                nanos = e.nanos();
            }
        }
        return fastest;
    }

    private static final Object NO_TACTIC = new Object();

    private static Object resolveTactic(CacheEntry entry, Runner runner, Object[] inputs) {
        if (entry.liveTactic() != null) {
            return entry.liveTactic();
        }
        if ("fallback".equals(entry.tactic().path("type").asText())) {
            return Runner.FALLBACK;
        }
        if ("null".equals(entry.tactic().path("type").asText())) {
            return null;
        }
        List<?> offered;
        try {
            offered = runner.validTactics(inputs, Profile.ofStatic(Shapes.shapes(inputs)));
        } catch (Throwable e) {
            TuningPass.rethrowIfFatal(e);
            LOG.debug("autotune4j: validTactics of {} failed while resolving a cached tactic", runner, e);
            return NO_TACTIC;
        }
        if (offered != null) {
            for (Object t : offered) {
                if (TacticCodec.matches(entry.tactic(), t)) {
                    return t;
                }
            }
        }
        return NO_TACTIC;
    }

}
