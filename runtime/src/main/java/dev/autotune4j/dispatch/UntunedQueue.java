package dev.autotune4j.dispatch;

import dev.autotune4j.api.Profile;
import dev.autotune4j.cache.Untuned;
import dev.autotune4j.internal.Log;
import dev.autotune4j.profile.ProfileGenerator;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.Shapes;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pretuning: the profiles a cache file lists as called but untuned ({@link Untuned}, recorded by replay misses) are
 * queued for the background tuner at the op's first call in tune mode, whatever shape that call has, so they are
 * tuned before they are called again. A call is needed because the tuner builds a profile's inputs from real
 * arguments of the op (their types, static dims and contents), never from the file alone.
 */
final class UntunedQueue {
    private static final Log LOG = Log.get(UntunedQueue.class);

    private UntunedQueue() {
    }

    /**
     * Queues the listed profiles of {@code op} that it does not have a choice for, built from {@code inputs}. Only
     * when tuning runs in the background or a {@code pretune} was asked for: a program that tunes inline in
     * sessions gets no tuner thread it did not ask for.
     */
    static void queueListed(TunableOp op, Object[] inputs) {
        AutoTuner tuner = op.tuner;
        if (!tuner.tunesInBackground() && tuner.pretuneRound() == 0) {
            return;
        }
        List<Untuned> listed = tuner.store().untuned().of(op.name);
        if (listed.isEmpty()) {
            return;
        }
        Set<ShapeKey> generated = new HashSet<>();
        for (Profile p : ProfileGenerator.generate(op.config, Shapes.shapes(inputs))) {
            generated.add(op.keyer.keyOfProfile(p.optShapes()));
        }
        int queued = 0;
        int foreign = 0;
        for (Untuned u : listed) {
            if (op.hasEntry(u.profile()) || op.failedKeys.contains(u.profile())) {
                continue;
            }
            if (!generated.contains(u.profile())) {
                foreign++;   // the op's buckets changed since it was recorded: a live call of it is a miss as usual
                continue;
            }
            if (tuner.background().submitRecorded(op, u.profile(), inputs, u.calls()) != null) {
                queued++;
            }
        }
        if (queued > 0 || foreign > 0) {
            LOG.info("autotune4j: op '{}': {} profiles listed as called but untuned are queued for background tuning{}",
                    op.name, queued, foreign == 0 ? "" : "; " + foreign + " listed profiles are not among the op's "
                            + "buckets now and are skipped");
        }
    }
}
