package dev.autotune4j.dispatch;

import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.internal.Log;
import dev.autotune4j.internal.Watchdog;
import dev.autotune4j.profile.ShapeKey;

/**
 * Runs one op's tuning passes: inline, on the thread of the call that missed (the reference's way, and tuning
 * sessions), or for the background tuner. It knows which thread runs the op's pass, because a call from inside that
 * pass (a tactic calling its own op, directly or through another op) must not start another: it runs the fallback,
 * as the method's body would without the agent, and the pass fails that tactic ({@link TunableOp#reentered}),
 * which chosen would call itself without end. A profile that gets no entry is remembered as failed.
 */
final class OpPasses {
    private static final Log LOG = Log.get(OpPasses.class);

    private final TunableOp op;
    /** The thread running this op's pass, or null. */
    private volatile Thread tuningThread;

    OpPasses(TunableOp op) {
        this.op = op;
    }

    /**
     * Tunes the op for a call that missed, on this thread; false when the call must run the fallback now (it came
     * from inside the op's own pass, another pass holds the tuning lock, or the pass was interrupted), true when a
     * pass ran and the cache may now have the key.
     */
    boolean inline(ShapeKey key, Object[] inputs) {
        if (reentersItsOwnPass()) {
            op.reentered = true;
            return false;
        }
        if (!op.tuner.tryBeginTuning()) {
            op.stats.busyFallbacks.increment();
            return false;
        }
        Thread outer = tuningThread;
        tuningThread = Thread.currentThread();
        try {
            TuningPass.tune(op, inputs);
        } catch (TuningInterruptedException e) {
            LOG.info("autotune4j: tuning op '{}' was interrupted; the profiles it did not finish are tuned on a "
                    + "later miss", op.name);
            return false;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("autotune4j: tuning op '{}' failed ({}); it runs the fallback for shape {}", op.name, e, key, e);
            op.failedKeys.add(key);
        } finally {
            tuningThread = outer;
            op.tuner.endTuning();
        }
        return true;
    }

    /** Runs a queued request's pass on the background tuner's thread (which holds the tuning lock). */
    void background(BackgroundTuner.Request r) {
        Thread outer = tuningThread;
        tuningThread = Thread.currentThread();
        try {
            TuningPass.tuneDetached(op, r.inputs, r.sweep == BackgroundTuner.Sweep.ALL ? null : r.key);
        } catch (TuningInterruptedException e) {
            return;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("autotune4j: tuning op '{}' failed ({}); it runs the fallback for shape {}", op.name, e, r.key, e);
        } finally {
            tuningThread = outer;
        }
        if (!op.hasEntry(r.key)) {
            op.failedKeys.add(r.key);
        }
    }

    /**
     * Times a tuned profile again on the background tuner's thread (which holds the tuning lock); its new entry,
     * unpublished, or null when the pass failed or was interrupted (the entry in the cache stays).
     */
    CacheEntry recheck(BackgroundTuner.Request r) {
        Thread outer = tuningThread;
        tuningThread = Thread.currentThread();
        try {
            return TuningPass.retimeDetached(op, r.inputs, r.key);
        } catch (TuningInterruptedException e) {
            return null;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("autotune4j: rechecking op '{}' {} failed ({}); its pick stays", op.name, r.key, e, e);
            return null;
        } finally {
            tuningThread = outer;
        }
    }

    private boolean reentersItsOwnPass() {
        Thread t = tuningThread;
        return t != null && (t == Thread.currentThread() || Watchdog.onTimerThread());
    }
}
