package dev.autotune4j.dispatch;

import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.internal.Log;
import dev.autotune4j.measure.Jit;
import dev.autotune4j.profile.ShapeKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tunes off the request path: a miss in tune mode queues its profile here and runs the fallback at once; one
 * daemon thread, {@code autotune4j-tuner}, tunes the queued profiles, the most-hit first, and each tuned profile
 * reaches the cache (and so every caller's next lookup) as one atomic put. A request thread never waits on
 * tuning, never times a tactic, and is never held by a hung one.
 *
 * <p>Only the bucket that was hit is tuned ({@link Sweep#BUCKET}), unless the full sweep of the reference is asked
 * for ({@link Sweep#ALL}). Tactics never see the caller's objects: the pass works on copies
 * ({@link TuningPass}, detached inputs), since the caller goes on using its own while the tuner runs. Once the
 * queue is empty, the close picks it made are timed once more after the JIT has gone quiet ({@link Recheck}).
 */
public final class BackgroundTuner {
    private static final Log LOG = Log.get(BackgroundTuner.class);
    /** More distinct queued profiles than this are dropped (and counted): a bound on what the queue holds alive. */
    static final int MAX_QUEUED = 1024;

    /** Which profiles a queued miss tunes. */
    public enum Sweep {
        /** Only the profile (bucket) the call hit: what a service needs first. */
        BUCKET,
        /** Every profile of the op's config, as the reference's pass does. */
        ALL
    }

    /** One queued profile: the op, the key, the arguments it was first seen with, and how often it was hit since. */
    static final class Request {
        final TunableOp op;
        final ShapeKey key;
        final Object[] inputs;
        final Sweep sweep;
        final AtomicLong hits;
        final long queuedAt = System.nanoTime();
        /** Where it is queued: a sweep is queued apart from the bucket requests of its op (its key is null there). */
        final Id id;
        /** A tuned profile timed again ({@link Recheck}), after every miss queued: it has no hits. */
        final boolean recheck;

        Request(TunableOp op, ShapeKey key, Object[] inputs, Sweep sweep, long calls) {
            this(op, key, inputs, sweep, calls, false);
        }

        private Request(TunableOp op, ShapeKey key, Object[] inputs, Sweep sweep, long calls, boolean recheck) {
            this.op = op;
            this.key = key;
            this.inputs = inputs;
            this.sweep = sweep;
            this.recheck = recheck;
            this.hits = new AtomicLong(recheck ? 0 : Math.max(1, calls));
            this.id = new Id(op, sweep == Sweep.ALL ? null : key, recheck);
        }

        void hit() {
            hits.incrementAndGet();
        }
    }

    private record Id(TunableOp op, ShapeKey key, boolean recheck) {
    }

    private final AutoTuner tuner;
    private final Map<Id, Request> queued = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private volatile Sweep sweep = Sweep.BUCKET;
    private volatile boolean enabled;
    private volatile boolean rechecking = true;
    private Thread thread;
    private final AtomicLong tuned = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean begun;
    /** Profiles tuned here that are to be timed once more when the queue is empty ({@link Recheck}). */
    private final List<Request> closeCalls = new ArrayList<>();
    /** Whether the JIT was waited for since the rechecks were queued (the tuner's thread only). */
    private boolean quietForRechecks;
    private final AtomicLong rechecked = new AtomicLong();
    private final AtomicLong recheckChanged = new AtomicLong();

    BackgroundTuner(AutoTuner tuner) {
        this.tuner = tuner;
    }

    /**
     * Whether a miss in tune mode is tuned here (the caller runs the fallback at once) or on the caller's thread
     * (the reference's way). Sessions ({@code AutoTuner.tune()}) always tune inline.
     */
    public void setEnabled(boolean on) {
        enabled = on;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Tune every profile of an op's config on a miss (the reference's sweep), not only the bucket hit. */
    public void setFullSweep(boolean all) {
        this.sweep = all ? Sweep.ALL : Sweep.BUCKET;
    }

    public boolean fullSweep() {
        return sweep == Sweep.ALL;
    }

    /**
     * Whether close picks are timed again once the queue is empty and the JIT is quiet ({@link Recheck}; on by
     * default). Off, a pick stays as first timed: for a service that would rather not spend the second timing (about
     * half as long again as the first tuning, off the request path) or relink an op's call sites later on.
     */
    public void setRecheck(boolean on) {
        this.rechecking = on;
    }

    public boolean rechecks() {
        return rechecking;
    }

    /** Whether the current thread is the tuner's: an op called from a tactic there is tuned inline, in that pass. */
    static boolean onTunerThread() {
        return Thread.currentThread() instanceof TunerThread;
    }

    /**
     * Queues a miss (or counts one more hit of a queued one) and returns its request; null when the queue is full.
     * Cheap on the caller: no copy and no timing here.
     */
    Request submit(TunableOp op, ShapeKey key, Object[] inputs) {
        return submit(op, key, inputs, 1, sweep);
    }

    /** Queues every profile of the op's config (the {@code sweep} command), built from this call's inputs. */
    Request submitSweep(TunableOp op, ShapeKey key, Object[] inputs) {
        return submit(op, key, inputs, 1, Sweep.ALL);
    }

    /**
     * Queues a profile the cache file listed as untuned, with its recorded calls (so the most-called goes first),
     * built from the inputs of a call of another shape; null when it is queued already or the queue is full.
     */
    Request submitRecorded(TunableOp op, ShapeKey key, Object[] inputs, long calls) {
        return queued.containsKey(new Id(op, key, false)) ? null : submit(op, key, inputs, calls, Sweep.BUCKET);
    }

    private Request submit(TunableOp op, ShapeKey key, Object[] inputs, long calls, Sweep how) {
        Id id = new Id(op, how == Sweep.ALL ? null : key, false);
        Request r = queued.get(id);
        if (r != null) {
            r.hit();
            return r;
        }
        if (queued.size() >= MAX_QUEUED) {
            if (dropped.getAndIncrement() == 0) {
                LOG.warn("autotune4j: {} profiles are waiting to be tuned; more are not queued until some are done "
                        + "(their calls run the fallback)", MAX_QUEUED);
            }
            return null;
        }
        Request fresh = new Request(op, key, inputs.clone(), how, calls);
        r = queued.putIfAbsent(id, fresh);
        if (r != null) {
            r.hit();
            return r;
        }
        start();
        synchronized (signal) {
            signal.notifyAll();
        }
        return fresh;
    }

    /** Profiles waiting to be tuned, or to be timed once more ({@link Recheck}). */
    public int queued() {
        synchronized (signal) {
            return queued.size() + closeCalls.size();
        }
    }

    /**
     * Whether the tuner has begun its first pass. Until then it only waits for the JIT to go quiet ({@link
     * #settleFirst}): after a dynamic attach on JDK 17 that is the JVM recompiling all the code the attach discarded,
     * so a service's slow requests before this point are the attach's cost, not tuning's (what a latency check must
     * tell apart; the sample's attach-under-load script does).
     */
    public boolean begun() {
        return begun;
    }

    /** Profiles tuned in the background since start. */
    public long tuned() {
        return tuned.get();
    }

    /** Tuned profiles timed once more since start ({@link Recheck}). */
    public long rechecked() {
        return rechecked.get();
    }

    /** Rechecks whose pick differed from the first timing's, and replaced it. */
    public long recheckChanged() {
        return recheckChanged.get();
    }

    /** Waits until the queue is empty and no pass runs, or {@code millis} passed; true when idle. */
    public boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (signal) {
            while (!queued.isEmpty() || !closeCalls.isEmpty()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                signal.wait(left);
            }
        }
        return true;
    }

    /** Forgets what is queued (the cache was cleared). */
    void clear() {
        synchronized (signal) {
            queued.clear();
            closeCalls.clear();
        }
    }

    private synchronized void start() {
        if (thread == null) {
            thread = new TunerThread(this::loop);
            thread.start();
        }
    }

    private void loop() {
        while (true) {
            Request next;
            try {
                next = awaitNext();
                if (!begun) {
                    settleFirst();
                    begun = true;
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                tuneOne(next);
            } catch (Throwable e) {
                TuningPass.rethrowIfFatal(e);
                LOG.warn("autotune4j: background tuning of op '{}' {} failed: {}", next.op.name, next.key, e.toString(), e);
                next.op.failedKeys.add(next.key);
            } finally {
                queued.remove(next.id);
                synchronized (signal) {
                    signal.notifyAll();
                }
            }
        }
    }

    /**
     * Before the first pass, lets the JIT go quiet (at most {@link #SETTLE_MAX_MILLIS}): the tuner's thread starts at
     * the first miss, which after an attach is the moment the JVM recompiles the service's discarded code, and a pass
     * then would take a core from the requests and the compiler both, and time tactics mid-compile. Said once, at
     * info: how long the tuning of a service that was just attached to waited, and whether the JIT did go quiet.
     */
    private void settleFirst() throws InterruptedException {
        long t0 = System.nanoTime();
        boolean quiet = Jit.awaitQuiet(SETTLE_QUIET_MILLIS, SETTLE_MAX_MILLIS);
        LOG.info("autotune4j: the tuner waited {} ms for the JIT to go quiet before its first pass ({})",
                (System.nanoTime() - t0) / 1_000_000, quiet ? "quiet" : "still compiling; it begins anyway");
    }

    static final long SETTLE_QUIET_MILLIS = 250;
    /**
     * On JDK 17 a live attach discards all compiled code and the service recompiles it for seconds under load: with
     * 3 s here the tuner began while it still did, and requests just after took 66-80 ms (attach under load, run 23,
     * docs/benchmarks.md). A JVM that is quiet sooner begins sooner.
     */
    static final long SETTLE_MAX_MILLIS = 10_000;

    /** The queued request with the most hits (the oldest of equals); waits while there is none. */
    private Request awaitNext() throws InterruptedException {
        synchronized (signal) {
            while (true) {
                Request best = null;
                for (Request r : queued.values()) {
                    if (best == null || r.hits.get() > best.hits.get()
                            || (r.hits.get() == best.hits.get() && r.queuedAt < best.queuedAt)) {
                        best = r;
                    }
                }
                if (best != null) {
                    return best;
                }
                if (!closeCalls.isEmpty()) {   // every miss is tuned: now the close picks, once each
                    for (Request c : closeCalls) {
                        Request again = new Request(c.op, c.key, c.inputs, Sweep.BUCKET, 0, true);
                        queued.putIfAbsent(again.id, again);
                    }
                    closeCalls.clear();
                    quietForRechecks = false;
                    continue;
                }
                signal.wait();
            }
        }
    }

    private void tuneOne(Request r) throws InterruptedException {
        TunableOp op = r.op;
        if (r.recheck) {
            recheck(r);
            return;
        }
        if (tuner.mode() != dev.autotune4j.api.Mode.TUNE
                || (r.sweep == Sweep.BUCKET && (op.hasEntry(r.key) || op.failedKeys.contains(r.key)))) {
            return;
        }
        holdingTheTuningLock(() -> {
            op.passes.background(r);
            return null;
        });
        tuned.incrementAndGet();
        if (rechecking && r.sweep == Sweep.BUCKET && Recheck.closeCall(op.entry(r.key))) {
            synchronized (signal) {
                closeCalls.add(r);
            }
        }
    }

    /**
     * Times a close pick once more, the first of a round after the JIT has gone quiet, and publishes the new entry
     * only when its pick differs (a new entry relinks the op's call sites, which costs the service a recompile).
     */
    private void recheck(Request r) throws InterruptedException {
        TunableOp op = r.op;
        CacheEntry before = op.entry(r.key);
        if (tuner.mode() != dev.autotune4j.api.Mode.TUNE || before == null || !rechecking) {
            return;   // turned off since it was queued: dropped, as in replay mode
        }
        if (!quietForRechecks) {
            Jit.awaitQuiet(Recheck.QUIET_MILLIS, Recheck.WAIT_MILLIS);
            quietForRechecks = true;
        }
        CacheEntry after = holdingTheTuningLock(() -> op.passes.recheck(r));
        rechecked.incrementAndGet();
        if (after != null && op.entry(r.key) == before && Recheck.publish(op, r.key, before, after)) {
            recheckChanged.incrementAndGet();
        }
    }

    /**
     * Runs a pass holding the process's tuning lock: one pass at a time, with inline passes (sessions) too. The
     * tuner's thread waits for the lock; a caller never does.
     */
    private <T> T holdingTheTuningLock(java.util.function.Supplier<T> pass) throws InterruptedException {
        while (!tuner.tryBeginTuning()) {
            Thread.sleep(20);
        }
        try {
            return pass.get();
        } finally {
            tuner.endTuning();
        }
    }

    /** The tuner's thread: a daemon, so that it never keeps the JVM alive. */
    private static final class TunerThread extends Thread {
        TunerThread(Runnable body) {
            super(body, "autotune4j-tuner");
            setDaemon(true);
        }
    }

    /** What the queue holds now, for the attach command's answer: {@code op key (hits)}, most-hit first. */
    public List<String> queue() {
        List<Request> rs = new ArrayList<>(queued.values());
        rs.sort((a, b) -> Long.compare(b.hits.get(), a.hits.get()));
        List<String> out = new ArrayList<>();
        for (Request r : rs) {
            out.add(r.op.name + (r.sweep == Sweep.ALL ? " every profile" : " " + r.key) + " (" + r.hits.get() + " calls)");
        }
        return out;
    }
}
