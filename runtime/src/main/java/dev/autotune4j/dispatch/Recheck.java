package dev.autotune4j.dispatch;

import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.StoredTactic;
import dev.autotune4j.cache.TacticCodec;
import dev.autotune4j.cache.Trial;
import dev.autotune4j.internal.Log;
import dev.autotune4j.profile.ShapeKey;

import java.util.Objects;

/**
 * A profile tuned in the background is timed once more, after the queue has emptied and the JIT has gone quiet,
 * when a rival measured within {@link #WITHIN} of the pick: close enough that the code the JIT makes later can turn
 * it. The JIT compiles a service's shared code again for tens of seconds after an attach, as new callers reach it,
 * and a tactic is only as fast as what it calls. Measured (attach under load, JDK 17, docs/benchmarks.md): the
 * sample service's one-thread layer norm ran 2.7-2.9 µs on 16 rows when tuned and 1.3-1.4 µs a minute later, its own
 * C2 code unchanged while the row loop it calls, shared by every op's row tactics, was compiled again three times;
 * the fallback (2.1 µs) had been kept, and the same JVM's quiet tunings disagreed on 5 profiles of 22. Rechecked,
 * the picks followed the code. Once per profile and JVM: the point is the code's settled state, not a watch on it.
 */
final class Recheck {
    private static final Log LOG = Log.get(Recheck.class);
    /** A rival within this factor of the pick's time makes the pick worth a second timing. */
    static final double WITHIN = 1.5;
    /** Before the rechecks, the JIT has finished no compile for this long ({@link #WAIT_MILLIS} at most). */
    static final long QUIET_MILLIS = 1000;
    static final long WAIT_MILLIS = 20_000;
    /**
     * A different pick replaces the entry only when the recheck timed the old pick at least this much slower than
     * the new one: between near-ties the picks would flip back and forth from one timing to the next (the quick
     * demo's `gemm` at 32 tokens: 41.96 against 41.70 µs), each flip a relink of the op's call sites.
     */
    static final double CHANGE_BY = 1.10;

    private Recheck() {
    }

    /** Whether a rival of the entry's pick measured within {@link #WITHIN} of it. */
    static boolean closeCall(CacheEntry e) {
        if (e == null) {
            return false;
        }
        double runnerUp = Double.MAX_VALUE;
        for (Trial t : e.trials()) {
            if (!isPickOf(t, e) && t.failure() == null && t.nanos() > 0) {
                runnerUp = Math.min(runnerUp, t.nanos());
            }
        }
        return runnerUp < WITHIN * e.nanos();
    }

    /** Whether the trial is of the entry's pick (the trials name tactics for display, encodable or not). */
    private static boolean isPickOf(Trial t, CacheEntry e) {
        return t.runnerIndex() == e.runnerIndex() && Objects.equals(t.tactic(), TacticCodec.display(e.liveTactic()));
    }

    /** Whether the recheck {@code after} timed the pick of {@code before} within {@link #CHANGE_BY} of its own. */
    static boolean tie(CacheEntry before, CacheEntry after) {
        Trial old = oldPickIn(before, after);
        return old != null && old.failure() == null && old.nanos() < CHANGE_BY * after.nanos();
    }

    /** The recheck's trial of the pick it may replace, or null when that pick was not among its candidates. */
    private static Trial oldPickIn(CacheEntry before, CacheEntry after) {
        for (Trial t : after.trials()) {
            if (isPickOf(t, before)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Puts {@code after} in place of {@code before} when its pick differs by more than a tie ({@link #CHANGE_BY}),
     * and says so at info; true when it did. The same pick keeps the first entry: a new entry relinks the op's call
     * sites, which costs the service a recompile of its callers.
     */
    static boolean publish(TunableOp op, ShapeKey key, CacheEntry before, CacheEntry after) {
        if (after.runnerIndex() == before.runnerIndex() && Objects.equals(after.tactic(), before.tactic())
                || tie(before, after)) {
            LOG.debug("autotune4j: op '{}' profile {} timed again once the JIT had gone quiet: the same pick, or one "
                    + "within {}x of it", op.name, key, CHANGE_BY);
            return false;
        }
        op.tuner.cache().put(after);
        if (!after.key().equals(before.key())) {
            op.tuner.cache().remove(before.key());
        }
        op.tuner.store().markTuned();
        String now = op.runnerName(after.runnerIndex()) + " " + StoredTactic.describe(after.tactic());
        String was = op.runnerName(before.runnerIndex()) + " " + StoredTactic.describe(before.tactic());
        LOG.info("autotune4j: op '{}' profile {} timed again once the JIT had gone quiet: {}", op.name, key,
                change(now, was, before, after));
        return true;
    }

    /**
     * What the recheck found, both picks timed in the same recheck: the first timing may have been under another load
     * (a pick timed at 343 us while the service was busy and at 620 us in the quiet recheck is not faster than the
     * 501 us that replaces it, though 343 is less than 501).
     */
    static String change(String newPick, String oldPick, CacheEntry before, CacheEntry after) {
        Trial t = oldPickIn(before, after);
        String old = t == null ? "failed in this timing" : t.failure() == null ? "took " + Math.round(t.nanos()) + " ns"
                : "failed in this timing (" + t.failure() + ")";
        return "now " + newPick + " at " + Math.round(after.nanos()) + " ns; " + oldPick + ", the pick it replaces, "
                + old + " (" + Math.round(before.nanos()) + " ns when first timed)";
    }
}
