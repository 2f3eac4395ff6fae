package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheKey;
import dev.autotune4j.cache.TacticCodec;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.ShapeKeyer;
import dev.autotune4j.profile.Shapes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One op bound to its runners and config: the handle the dispatcher calls. {@link #choose} is the hot path:
 * on a shape it has seen it reads one volatile table and returns a cached {@link Choice} without locking or
 * allocating; everything else (cache lookup, tuning, miss logging) happens once per shape on the slow path.
 * Safe to call from any number of threads.
 */
public final class TunableOp {
    private static final Logger LOG = LoggerFactory.getLogger(TunableOp.class);

    final AutoTuner tuner;
    final String name;
    final List<Runner> runners;
    final TuningConfig config;
    final ShapeKeyer keyer;
    final String[] runnerClasses;
    final String[] runnerIds;
    final Choice fallback;
    final OpStats stats;
    /** Profiles whose every tactic failed: not tuned again until the cache is cleared. */
    final Set<ShapeKey> failedKeys = ConcurrentHashMap.newKeySet();
    private volatile ShapeTable table = ShapeTable.empty(-1);
    /** The runner list instance last seen, so {@code chooseOne} can match it by identity. */
    volatile List<? extends Runner> lastRunners;

    TunableOp(AutoTuner tuner, String name, List<? extends Runner> runners, String[] ids, TuningConfig config, OpStats stats) {
        this.tuner = tuner;
        this.name = name;
        this.runners = List.copyOf(runners);
        this.lastRunners = runners;
        this.config = config;
        this.keyer = new ShapeKeyer(config);
        this.runnerClasses = new String[runners.size()];
        for (int i = 0; i < runnerClasses.length; i++) {
            runnerClasses[i] = runnerClassOf(runners.get(i));
        }
        this.runnerIds = ids;
        this.fallback = new Choice(runners.get(0), Runner.FALLBACK, 0, true);
        this.stats = stats;
    }

    /** The class part of a runner's cache key. */
    static String runnerClassOf(Runner r) {
        return r instanceof dev.autotune4j.internal.NamedRunner n ? n.runnerClassName() : r.getClass().getName();
    }

    public String name() {
        return name;
    }

    public List<Runner> runners() {
        return runners;
    }

    public TuningConfig config() {
        return config;
    }

    /** The op's fallback: its first runner with {@link Runner#FALLBACK}. */
    public Choice fallback() {
        return fallback;
    }

    /** Chooses and runs. */
    public Object run(Object... inputs) throws Exception {
        return choose(inputs).run(inputs);
    }

    /** The runner and tactic for these inputs, according to the tuner's mode (see {@link Mode}). */
    public Choice choose(Object[] inputs) {
        if (tuner.scopesActive()) {
            Choice scoped = tuner.scopedChoice(this, inputs);
            if (scoped != null) {
                return scoped;
            }
        }
        Mode mode = tuner.mode();
        if (mode == Mode.OFF) {
            return fallback;
        }
        ShapeTable t = table;
        if (t.version == tuner.cache().version()) {
            int slot = t.find(keyer.hash(inputs), inputs, keyer);
            if (slot >= 0) {
                if (!t.isMiss(slot)) {
                    stats.hits++;
                    return t.choice(slot);
                }
                if (mode == Mode.REPLAY) {
                    stats.misses++;
                    return fallback;
                }
            }
        }
        return slowPath(inputs, mode);
    }

    private Choice slowPath(Object[] inputs, Mode mode) {
        ShapeKey key = keyer.key(inputs);
        Choice cached = lookupCache(key, inputs, mode);
        if (cached != null) {
            remember(key, cached, false);
            stats.hits++;
            return cached;
        }
        if (mode == Mode.TUNE && !failedKeys.contains(key)) {
            if (!tuner.tryBeginTuning()) {
                stats.busyFallbacks.increment();
                return fallback;
            }
            try {
                TuningPass.tune(this, inputs);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("autotune4j: tuning op '{}' failed ({}); it runs the fallback for shape {}", name, e, key, e);
                failedKeys.add(key);
            } finally {
                tuner.endTuning();
            }
            cached = lookupCache(key, inputs, mode);
            if (cached != null) {
                remember(key, cached, false);
                stats.hits++;
                return cached;
            }
            failedKeys.add(key);
            return fallback;
        }
        if (mode == Mode.TUNE) {
            return fallback;
        }
        stats.misses++;
        if (stats.recordMissShape(key)) {
            LOG.warn("autotune4j: op '{}' has no tuned choice for shape {}; running the fallback "
                    + "(tune it with autotune4j.mode=tune, or load a cache file that has it)", name, key);
        }
        remember(key, fallback, true);
        return fallback;
    }

    /** Publishes a choice for a shape in the fast table. */
    private void remember(ShapeKey key, Choice choice, boolean miss) {
        synchronized (this) {
            int version = tuner.cache().version();
            ShapeTable t = table.version == version ? table : ShapeTable.empty(version);
            if (t.full()) {
                if (tuner.logOnce().first(name + "#table-full")) {
                    LOG.warn("autotune4j: op '{}' has seen {} distinct shapes; new ones are no longer remembered "
                            + "and take the slow path (declare the varying dims as dynamic dims)", name, ShapeTable.MAX_ENTRIES);
                }
                return;
            }
            table = t.with(key, choice, miss);
        }
    }

    /** Whether any runner of this op has a cache entry for the profile. */
    boolean hasEntry(ShapeKey key) {
        for (int i = 0; i < runnerClasses.length; i++) {
            if (tuner.cache().get(cacheKey(i, key)) != null) {
                return true;
            }
        }
        return false;
    }

    CacheKey cacheKey(int runner, ShapeKey key) {
        return new CacheKey(name, runnerClasses[runner], runnerIds[runner], key);
    }

    /**
     * The cached choice for a profile, with its tactic resolved for this JVM: a tactic tuned here is used
     * as is; one loaded from a file is matched against the tactics its runner offers for these inputs, so a
     * stale or foreign tactic is never run.
     */
    private Choice lookupCache(ShapeKey key, Object[] inputs, Mode mode) {
        CacheEntry best = null;
        int bestRunner = -1;
        for (int i = 0; i < runnerClasses.length; i++) {
            CacheEntry e = tuner.cache().get(cacheKey(i, key));
            if (e != null && (best == null || e.nanos() < best.nanos())) {
                best = e;
                bestRunner = i;
            }
        }
        if (best == null) {
            return null;
        }
        Runner runner = runners.get(bestRunner);
        Object tactic = resolveTactic(best, runner, inputs);
        if (tactic == NO_TACTIC) {
            if (tuner.logOnce().first(List.of(name, key, "unresolved"))) {
                LOG.warn("autotune4j: op '{}': cached tactic {} of {} for shape {} is not among the tactics the runner "
                        + "offers now; {}", name, TacticCodec.describe(best.tactic()), runnerClasses[bestRunner], key,
                        mode == Mode.TUNE ? "dropping it and tuning again" : "running the fallback (re-tune to refresh the cache)");
            }
            if (mode == Mode.TUNE) {
                tuner.cache().remove(best.key());
            }
            return null;
        }
        return new Choice(runner, tactic, bestRunner, tactic == Runner.FALLBACK && bestRunner == 0);
    }

    private static final Object NO_TACTIC = new Object();

    private Object resolveTactic(CacheEntry entry, Runner runner, Object[] inputs) {
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
        } catch (RuntimeException e) {
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

    /**
     * For call sites that keep their own route table: the settled choice for the shape of these inputs (a
     * cached hit, or the fallback of a recorded replay miss, then {@code miss[0]} is set), or null when the
     * shape is not settled (being tuned, or not seen). Slow path only.
     */
    public Choice settled(Object[] inputs, boolean[] miss) {
        ShapeTable t = table;
        if (t.version != tuner.cache().version()) {
            return null;
        }
        int slot = t.find(keyer.hash(inputs), inputs, keyer);
        if (slot < 0) {
            return null;
        }
        miss[0] = t.isMiss(slot);
        return t.choice(slot);
    }

    /** Counts a hit served by a call site's own route table. */
    public void countHit() {
        stats.hits++;
    }

    /** Counts a replay miss served by a call site's own route table. */
    public void countMiss() {
        stats.misses++;
    }

    public AutoTuner tuner() {
        return tuner;
    }

    public ShapeKeyer keyer() {
        return keyer;
    }

    /** Drops the fast table and the failed-profile memory (after a cache clear). */
    void reset() {
        synchronized (this) {
            table = ShapeTable.empty(-1);
            failedKeys.clear();
        }
    }

    @Override
    public String toString() {
        return "TunableOp[" + name + ", " + runners.size() + " runners]";
    }
}
