package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.DistributedStrategy;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.cache.CacheMetadata;
import dev.autotune4j.cache.CacheStore;
import dev.autotune4j.cache.ChoiceCache;
import dev.autotune4j.internal.Log;
import dev.autotune4j.internal.LogOnce;
import dev.autotune4j.internal.Watchdog;
import dev.autotune4j.measure.TacticTimer;
import dev.autotune4j.measure.TimingSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The choose-one autotuner: for an op, its runners, its config and the live inputs, returns the runner and
 * tactic to run (see {@link Mode} for what each mode does on a hit and on a miss).
 *
 * <p><b>Threads.</b> Everything here is safe to call from any number of threads. One tuning pass runs at a
 * time in the process, so that passes do not disturb each other's timings; a call that misses while another
 * thread is tuning does not wait: it gets the fallback (counted as {@code busy} in the statistics) and the
 * shape is tuned on a later miss. An op called inside another op's tactic is tuned inside that pass.
 */
public final class AutoTuner {
    private static final Log LOG = Log.get(AutoTuner.class);
    private static volatile AutoTuner global;

    private final TimingSettings settings;
    private final ChoiceCache cache = new ChoiceCache(this::updateGate);
    private final OpRegistry ops = new OpRegistry();
    private final ReentrantLock tuning = new ReentrantLock();
    private final LogOnce logOnce = new LogOnce();
    private final CaptureScopes scopes = new CaptureScopes(this::updateGate);
    private volatile Mode mode = Mode.REPLAY;
    private final Sessions sessions = new Sessions(() -> mode, this::applyMode);
    /** See {@link #gate()}: recomputed after every change of the mode, the scopes or the cache. */
    private volatile int gate;
    /** Tunes misses off the request path when enabled (the agent's default). */
    private final BackgroundTuner background = new BackgroundTuner(this);
    /** Whether and how answers are compared with the fallback's before a time counts ({@link SameAnswer}). */
    private final AnswerRules answerRules = new AnswerRules();
    /** The cache file: loading, saving, unsaved work. */
    private final CacheStore store = new CacheStore(cache, this::metadata);
    private final Timers timers;
    private final AtomicInteger pretuneRound = new AtomicInteger();
    private final AtomicInteger sweepRound = new AtomicInteger();
    /** The processes this tuner shares its tuning with, or null when it tunes alone. */
    private volatile GroupExchange group;

    public AutoTuner() {
        this(TimingSettings.defaults());
    }

    public AutoTuner(TimingSettings settings) {
        this.settings = settings;
        this.timers = new Timers(settings);
        timers.onMetadataChange(store::recheck);
        updateGate();
    }

    /**
     * The process-wide tuner that the agent's rewritten methods use, configured from system properties
     * ({@code autotune4j.mode}, the timer knobs of {@link TimingSettings#fromLookup}). A bad
     * setting is reported and the default used: a typo must not stop the application.
     */
    public static AutoTuner get() {
        AutoTuner t = global;
        if (t == null) {
            synchronized (AutoTuner.class) {
                t = global;
                if (t == null) {
                    t = global = ProcessTuner.build();
                }
            }
        }
        return t;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Sets the mode now. While tuning sessions are open ({@link #tune()}), the new mode also replaces the one the
     * last session to close restores: a live change (JMX, {@code attach}) is the operator's last word, and no
     * session's close undoes it.
     */
    public void setMode(Mode newMode) {
        if (newMode == null) {
            throw new IllegalArgumentException("mode must not be null: use TUNE, REPLAY or OFF");
        }
        sessions.modeSet(newMode);
        applyMode(newMode);
    }

    private void applyMode(Mode newMode) {
        Mode old = mode;
        mode = newMode;
        updateGate();
        if (old != newMode) {
            LOG.info("autotune4j: mode {} -> {}", old, newMode);
        }
        Path file = store.file();
        if (old == Mode.TUNE && newMode != Mode.TUNE && file != null && store.isDirty()) {
            try {
                saveCache(file);
            } catch (IOException | RuntimeException e) {
                LOG.error("autotune4j: could not save the cache to {} on leaving tune mode: {}", file, e.toString());
            }
        }
    }

    /** The cache file saved when leaving tune mode and at exit (the process-wide tuner's setting), or null. */
    public Path cacheFile() {
        return store.file();
    }

    public void setCacheFile(Path file) {
        store.setFile(file);
    }

    /** The cache file's side of this tuner (limits, unsaved work, the save at exit). */
    CacheStore store() {
        return store;
    }

    /** Whether tuning added entries since the last save. */
    public boolean isDirty() {
        return store.isDirty();
    }

    public TimingSettings settings() {
        return settings;
    }

    ChoiceCache cache() {
        return cache;
    }

    /** Adds a timer that claims some inputs (the CUDA timer claims device tensors). */
    public void addTimer(TacticTimer timer) {
        timers.add(timer);
    }

    TacticTimer timerFor(Object[] inputs) {
        return timers.forInputs(inputs);
    }

    Timers timers() {
        return timers;
    }

    // ---- choosing ----------------------------------------------------------------------------------------

    /**
     * Chooses the runner and tactic for one call of {@code op}. Keep {@code runners} and {@code config} the
     * same instances between calls: then the lookup is allocation-free. For the fastest path hold the
     * {@link TunableOp} from {@link #op} instead.
     */
    public Choice chooseOne(String op, List<? extends Runner> runners, TuningConfig config, Object... inputs) {
        TunableOp bound = ops.find(op, runners, config);
        return (bound != null ? bound : op(op, runners, config)).choose(inputs);
    }

    /**
     * Binds an op name to its runners and config, returning the handle whose {@link TunableOp#choose} is the
     * dispatcher's hot path. The same name, runners (by class and {@link Runner#id()}) and config instance
     * give the same handle.
     */
    public TunableOp op(String name, List<? extends Runner> runners, TuningConfig config) {
        return ops.bind(this, name, runners, config, logOnce);
    }

    boolean tryBeginTuning() {
        return tuning.tryLock() || Watchdog.onTimerThread();
    }

    void endTuning() {
        if (tuning.isHeldByCurrentThread()) {
            tuning.unlock();
        }
    }

    LogOnce logOnce() {
        return logOnce;
    }

    // ---- sessions, capture and replay --------------------------------------------------------------------

    /**
     * Tune mode until the session closes; nothing loaded or saved. Sessions are counted across threads: the first
     * to open remembers the mode, the last to close restores it (see {@link #setMode} for a change in between).
     */
    public TuningSession tune() {
        sessions.open();
        return new TuningSession(this, null);
    }

    /** A rank's file, as the reference names it (and {@code autotune4j.cache}/{@code rank}): {@code cache.rank2.json}. */
    public static Path rankFile(Path cacheFile, int rank) {
        return CacheFile.forRank(cacheFile, rank);
    }

    /** Tune mode until the session closes, loading and then saving {@code cacheFile}'s rank-0 file. */
    public TuningSession tune(Path cacheFile) {
        return tune(cacheFile, 0);
    }

    /** Tune mode until the session closes, loading and then saving {@code cacheFile}'s file for {@code rank}. */
    public TuningSession tune(Path cacheFile, int rank) {
        Path file = rankFile(cacheFile, rank);
        store.loadIfPresent(file);
        sessions.open();
        return new TuningSession(this, file);
    }

    void closeSession() {
        sessions.close();
    }

    /** Tuning sessions open now, on any thread. */
    public int openSessions() {
        return sessions.count();
    }

    /** Starts capturing this thread's op calls (see {@link Capture}). */
    public Capture capture() {
        Capture c = new Capture(this);
        scopes.openCapture(c);
        return c;
    }

    /** The capture and replay scopes open on any thread (closed by {@link Capture} and its replays). */
    CaptureScopes scopes() {
        return scopes;
    }

    /** What {@link #gate()} returns while no table may be used (a scope is open, or the mode is off). */
    static final int CLOSED = Integer.MIN_VALUE;

    /**
     * The cache version that an op's table must carry to be used on the fast path, or {@link #CLOSED} while
     * none may be (a capture or replay scope is open, or the mode is off): one field read on the hot path
     * instead of three.
     */
    int gate() {
        return gate;
    }

    private synchronized void updateGate() {
        gate = scopes.active() || mode == Mode.OFF ? CLOSED : cache.version();
    }

    /** Whether any thread has a capture or replay open (then call sites take the slow path). */
    public boolean scopesActive() {
        return scopes.active();
    }

    /** The forced choice of an active replay, or null (after recording the call for an active capture). */
    Choice scopedChoice(TunableOp op, Object[] inputs) {
        return scopes.choiceFor(op, inputs);
    }

    /** Shares tuning with {@code group}'s ranks by each op's strategy, waiting at most {@code timeout} for a rank. */
    public void joinGroup(TuningGroup group, DistributedStrategy defaultStrategy, Duration timeout) {
        this.group = new GroupExchange(group, defaultStrategy, timeout);
    }

    GroupExchange group() {
        return group;
    }

    // ---- the answer check ---------------------------------------------------------------------------------

    /**
     * Whether a candidate's answer must equal the fallback's before its time counts ({@code autotune4j.check}; one that
     * differs never wins). On by default for {@link #get()}, the agent's tuner; off for a tuner constructed directly,
     * as in the reference. Cost: docs/benchmarks.md ("The answer check").
     */
    public void setCheckAnswers(boolean on) {
        answerRules.setEnabled(on);
    }

    public boolean checksAnswers() {
        return answerRules.enabled();
    }

    /**
     * The check's floating-point tolerances for ops that set none ({@code autotune4j.atol}, {@code autotune4j.rtol});
     * NaN for either: each type's default ({@link dev.autotune4j.api.SameAnswer}).
     */
    public void setAnswerTolerance(double atol, double rtol) {
        answerRules.setTolerance(atol, rtol);
    }

    AnswerRules answerRules() {
        return answerRules;
    }

    // ---- the cache -----------------------------------------------------------------------------------------

    /** This JVM's cache metadata, with the fields of every registered timer. */
    CacheMetadata metadata() {
        return timers.metadata();
    }

    /** See {@link CacheStore#load}. */
    public int loadCache(Path file) {
        return store.load(file);
    }

    /**
     * Saves the tuned choices to {@code file}, merged with what it holds; returns the file written: {@code file}, or a
     * side file beside it when {@code file} could not be read here and must not be replaced.
     */
    public Path saveCache(Path file) throws IOException {
        CacheFile.SaveResult r = store.save(file);
        return r.sideFile() != null ? r.sideFile() : r.file();
    }

    /** Every tuned choice held now, a copy. */
    public List<TunedChoice> choices() {
        return cache.snapshot().stream().map(TunedChoice::of).toList();
    }

    /** The cache's own entries (the tuner's bookkeeping), for this package and its tests. */
    List<CacheEntry> cacheEntries() {
        return cache.snapshot();
    }

    /** Forgets every tuned choice (and which profiles failed, and which were called untuned), so the next misses tune again. */
    public void clearCache() {
        background.clear();
        store.untuned().clear();
        cache.clear();
        ops.forEach(TunableOp::reset);
        logOnce.reset();
    }

    // ---- background tuning and its commands ----------------------------------------------------------------

    /** Where a miss in tune mode is tuned, and what waits for it (see {@link BackgroundTuner}). */
    public BackgroundTuner background() {
        return background;
    }

    /** Whether the background tuner takes the current call's miss (not from inside a pass, not in a session). */
    boolean tunesInBackground() {
        return background.enabled() && !BackgroundTuner.onTunerThread() && !Watchdog.onTimerThread()
                && openSessions() == 0;
    }

    /** Raised by {@link #pretune()} and {@link #sweep()}: each op queues that work at its next call. */
    int pretuneRound() {
        return pretuneRound.get();
    }

    int sweepRound() {
        return sweepRound.get();
    }

    /**
     * Tunes in the background every profile of every op's config that has no choice yet (the reference's full sweep):
     * tune mode on, each op queues its sweep at its next call. Returns the ops bound so far (later ones sweep too).
     */
    public int sweep() {
        sweepRound.incrementAndGet();
        setMode(Mode.TUNE);
        cache.invalidateRoutes();
        return ops.count();
    }

    /**
     * Tunes in the background every profile listed as called but untuned: tune mode on, each op queues its listed
     * profiles at its next call, whatever its shape (inputs are built from that call). Returns how many are listed.
     */
    public int pretune() {
        pretuneRound.incrementAndGet();
        setMode(Mode.TUNE);
        cache.invalidateRoutes();
        return store.untuned().size();
    }

    // ---- statistics --------------------------------------------------------------------------------------

    public Statistics statistics() {
        return ops.statistics();
    }

    public void resetStatistics() {
        ops.resetStatistics();
    }
}
