package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheKey;
import dev.autotune4j.internal.Log;
import dev.autotune4j.internal.events.Events;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.ShapeKeyer;

import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One op bound to its runners and config: the op's one dispatcher, used by {@link #choose} and by the agent's
 * call sites alike. Safe to call from any number of threads.
 *
 * <p><b>A dispatch</b> has three steps, the same on every path:
 * <ol>
 *   <li>{@link #probe}(hash): the table entry for the shape key's hash, a sentinel ({@code OFF}), or null for the
 *       slow path (a capture or replay scope is open, the table is stale, the hash is unknown);</li>
 *   <li>the caller compares the entry's key with its arguments: {@link #choose} generically
 *       ({@link ShapeKeyer#matches}), a call site with handles specialized to its parameter types;</li>
 *   <li>{@link #decide}(entry, matched): the route to run, counting the hit or miss, or null for the slow path
 *       ({@link #slowPath}), which settles the shape (cache, tuning, miss) and adds it to the table.</li>
 * </ol>
 *
 * <p><b>Invariants.</b> The table is immutable and republished whole (copy on write) under this object's lock;
 * readers take it with one volatile read and never lock. A table carries the cache version it was derived
 * from; any cache change bumps the version, so a stale table sends every call to the slow path until it is
 * rebuilt. A hit is never taken on a hash alone: the key is always compared. Choice numbers ({@link #choices()})
 * only grow, under {@link ChoiceNumbers}' lock, and listeners (call sites relinking their switch) hear of a number
 * before any table entry carries it.
 */
public final class TunableOp {
    private static final Log LOG = Log.get(TunableOp.class);

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
    /** {@link #choose}'s fast path per number of inputs ({@link RouteHandles#spread}), built on first use. A plain
     *  array: a handle is immutable, so a thread that sees one sees it whole, and one that does not builds its own. */
    private final MethodHandle[] fastPaths = new MethodHandle[9];
    /** The runner list instance last seen, so {@code chooseOne} can match it by identity. */
    volatile List<? extends Runner> lastRunners;
    private final Route fallbackRoute;
    private final Route offRoute;
    private final ChoiceNumbers numbers;
    /** Runs this op's tuning passes, inline or for the background tuner. */
    final OpPasses passes = new OpPasses(this);
    /** Set when a call re-entered this op's own pass; the pass reads and clears it around each tactic step. */
    volatile boolean reentered;

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
        this.numbers = new ChoiceNumbers(fallback);
        this.fallbackRoute = new Route(null, fallback, 0, Route.HIT);
        this.offRoute = new Route(null, fallback, 0, Route.OFF);
    }

    /** A runner for people: {@code Class#id}, or the class alone when its id is empty. */
    String runnerName(int runner) {
        return runnerIds[runner].isEmpty() ? runnerClasses[runner] : runnerClasses[runner] + "#" + runnerIds[runner];
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
        MethodHandle fast = inputs.length < fastPaths.length ? fastPaths[inputs.length] : null;
        if (fast == null) {
            return chooseGeneric(inputs);
        }
        Route d;
        try {
            d = (Route) fast.invokeExact(inputs);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return (d != null ? d : slowPath(inputs)).choice;
    }

    /** The same steps through the generic keyer; also builds the fast path for this many inputs. */
    private Choice chooseGeneric(Object[] inputs) {
        if (inputs.length < fastPaths.length) {
            fastPaths[inputs.length] = RouteHandles.spread(this, inputs.length);
        }
        Route r = probe(keyer.hash(inputs));
        Route d = decide(r, r != null && (r.key == null || keyer.matches(r.key, inputs)));
        return (d != null ? d : slowPath(inputs)).choice;
    }

    // ---- the decision, the same for every path --------------------------------------------------------

    // The hot-path methods below are kept under 35 bytes of bytecode (HotSpot's MaxInlineSize), so that they are
    // inlined into every call site whatever its profile says; the rare cases are in separate methods.

    /** Step 1 (see the class comment): the entry to compare, a sentinel, or null for the slow path. */
    public Route probe(long hash) {
        ShapeTable t = table;
        return t.version == tuner.gate() ? t.find(hash) : closed();
    }

    /** Why the table is not usable: the mode is off (the fallback, uncounted), or anything else (the slow path). */
    private Route closed() {
        return !tuner.scopesActive() && tuner.mode() == Mode.OFF ? offRoute : null;
    }

    /** A route that runs the fallback uncounted, for a caller that must run the body whatever the table says. */
    public Route passThrough() {
        return offRoute;
    }

    /**
     * Step 3: the route to run for a probed entry whose key the caller compared with its arguments
     * ({@code matched}; a sentinel's null key matches anything), counting the hit or miss; null when the slow
     * path must settle the call.
     */
    public Route decide(Route r, boolean matched) {
        if (matched && r.kind == Route.HIT) {
            stats.hits++;
            return r;
        }
        return decideOther(r, matched);
    }

    private Route decideOther(Route r, boolean matched) {
        if (r == null || !matched) {
            return null;
        }
        switch (r.kind) {
            case Route.MISS:
                if (tuner.mode() == Mode.TUNE) {
                    return null;
                }
                stats.misses++;
                countCall(r);
                return fallbackRoute;
            case Route.UNKEYABLE:
                stats.misses++;
                return fallbackRoute;
            case Route.QUEUED:
                stats.misses++;
                r.calls.incrementAndGet();
                return fallbackRoute;
            default:
                return r;
        }
    }

    /** The {@link AutoTuner#pretuneRound()} whose listed untuned profiles this op has queued; -1: none yet. */
    private volatile int pretuned = -1;
    /** The {@link AutoTuner#sweepRound()} this op has queued its full sweep for. */
    private volatile int swept;

    /** At the op's first call in tune mode, and after a pretune or sweep command: queue what they ask for. */
    private void queueOnCommand(ShapeKey key, Object[] inputs) {
        if (pretuned != tuner.pretuneRound()) {
            pretuned = tuner.pretuneRound();
            UntunedQueue.queueListed(this, inputs);
        }
        if (swept != tuner.sweepRound()) {
            swept = tuner.sweepRound();
            tuner.background().submitSweep(this, key, inputs);
        }
    }

    /**
     * Everything the fast path leaves: open capture/replay scopes, a stale table, a hash that collided, a new
     * shape (cache lookup, tuning, or a recorded miss). Allocates; runs once per shape and cache version.
     */
    public Route slowPath(Object[] inputs) {
        if (tuner.scopesActive()) {
            Choice scoped = tuner.scopedChoice(this, inputs);
            if (scoped != null) {
                return new Route(null, scoped, numberOf(scoped), Route.HIT);
            }
        }
        Mode mode = tuner.mode();
        if (mode == Mode.OFF) {
            return offRoute;
        }
        long hash = keyer.hash(inputs);
        ShapeTable t = table;
        if (t.version == tuner.cache().version()) {
            Route found = t.find(hash, inputs, keyer);
            Route known = found == null ? null : decide(found, true);
            if (known != null) {
                return known;
            }
        }
        ShapeKey key = keyer.key(inputs);
        String unkeyable = KeyProblems.of(this, inputs);
        if (unkeyable != null) {
            stats.misses++;
            return remember(tuner.cache().version(), key, fallback, Route.UNKEYABLE);
        }
        if (mode == Mode.TUNE && (pretuned != tuner.pretuneRound() || swept != tuner.sweepRound())) {
            queueOnCommand(key, inputs);
        }
        int version = tuner.cache().version();
        Choice cached = CacheLookup.choice(this, key, inputs, mode);
        if (cached != null) {
            stats.hits++;
            return remember(version, key, cached, Route.HIT);
        }
        if (mode == Mode.TUNE && !failedKeys.contains(key) && tuner.tunesInBackground()) {
            BackgroundTuner.Request queued = tuner.background().submit(this, key, inputs);
            stats.misses++;
            missEvent(key, true);
            if (queued == null) {
                return fallbackRoute;
            }
            return remember(version, key, fallback, Route.QUEUED, queued.hits);
        }
        if (mode == Mode.TUNE && !failedKeys.contains(key)) {
            if (!passes.inline(key, inputs)) {
                return fallbackRoute;
            }
            version = tuner.cache().version();
            cached = CacheLookup.choice(this, key, inputs, mode);
            if (cached != null) {
                stats.hits++;
                return remember(version, key, cached, Route.HIT);
            }
            failedKeys.add(key);
            return fallbackRoute;
        }
        if (mode == Mode.TUNE) {
            return fallbackRoute;
        }
        stats.misses++;
        missEvent(key, false);
        if (stats.recordMissShape(key)) {
            LOG.warn("autotune4j: op '{}' has no tuned choice for shape {}; running the fallback "
                    + "(tune it with autotune4j.mode=tune, or load a cache file that has it{})", name, key,
                    tuner.cacheFile() != null ? "; it is listed as untuned in " + tuner.cacheFile()
                            + " at the next save, for a later run in tune mode or the pretune command" : "");
        }
        java.util.concurrent.atomic.AtomicLong calls = tuner.store().untuned().counter(name, key, tuner.store()::markTuned);
        if (calls != null) {
            calls.incrementAndGet();
        }
        return remember(version, key, fallback, Route.MISS, calls);
    }

    private void missEvent(ShapeKey key, boolean queued) {
        Events.replayMiss(name, key.toString(), queued);
    }

    /** Publishes a route for a shape in the table, unless the cache changed since {@code version}. */
    private Route remember(int version, ShapeKey key, Choice choice, byte kind) {
        return remember(version, key, choice, kind, null);
    }

    private static void countCall(Route r) {
        if (r.calls != null) {
            r.calls.incrementAndGet();
        }
    }

    private Route remember(int version, ShapeKey key, Choice choice, byte kind, java.util.concurrent.atomic.AtomicLong calls) {
        Route r = new Route(key, choice, numberOf(choice), kind, calls);
        synchronized (this) {
            if (tuner.cache().version() != version) {
                return r;
            }
            ShapeTable t = table.version == version ? table : ShapeTable.empty(version);
            if (t.full()) {
                if (tuner.logOnce().first(name + "#table-full")) {
                    LOG.warn("autotune4j: op '{}' has seen {} distinct shapes; new ones are no longer remembered "
                            + "and take the slow path (declare the varying dims as dynamic dims)", name, ShapeTable.MAX_ENTRIES);
                }
                return r;
            }
            table = t.with(r);
        }
        return r;
    }

    // ---- choice numbers (see ChoiceNumbers) -------------------------------------------------------------

    /** Every choice this op has routed to, by number: {@code [0]} is the fallback. Only ever grows. */
    public Choice[] choices() {
        return numbers.all();
    }

    /**
     * Calls {@code listener} with the numbered choices now and whenever a number is added, before any route
     * carries it (a call site relinks its switch over the choices).
     */
    public void onNewChoice(Consumer<Choice[]> listener) {
        numbers.listen(listener);
    }

    /** The number of a choice: the same for equal (runner, tactic); 0 for the fallback. */
    int numberOf(Choice c) {
        return numbers.numberOf(c);
    }

    /** Whether any runner of this op has a cache entry for the profile. */
    boolean hasEntry(ShapeKey key) {
        return CacheLookup.fastestRunner(this, key) >= 0;
    }

    /** The profile's entry, or null: the fastest runner's, the one {@link CacheLookup} serves. */
    CacheEntry entry(ShapeKey key) {
        return CacheLookup.entry(this, key);
    }

    CacheKey cacheKey(int runner, ShapeKey key) {
        return new CacheKey(name, runnerClasses[runner], runnerIds[runner], key);
    }

    public AutoTuner tuner() {
        return tuner;
    }

    ShapeKeyer keyer() {
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
