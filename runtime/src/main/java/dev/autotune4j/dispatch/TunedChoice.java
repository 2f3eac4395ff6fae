package dev.autotune4j.dispatch;

import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.cache.LoadResult;
import dev.autotune4j.cache.StoredTactic;
import dev.autotune4j.cache.Trial;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tuned choice as an application reads it ({@link AutoTuner#choices()}): a copy, so nothing done to it changes
 * the tuner. The cache's own entries stay internal: they carry the file's JSON and the tuner's bookkeeping.
 *
 * @param op            the op's name
 * @param profile       one shape per input, as tuned; {@code -1} is a dim that follows from the others
 * @param runner        the winning runner: its class, and its id when it has one
 * @param tactic        the winning tactic as people read it ({@code 32}, {@code Loop.IKJ}); {@code FALLBACK} for the
 *                      op's own body
 * @param nanos         the winner's median time per call
 * @param fallbackNanos the fallback's, NaN when it was not timed
 * @param accepted      whether the winner rule accepted a candidate's speedup (false: the fallback was kept)
 * @param speedup       the best candidate's speedup over the fallback, accepted or not; NaN without a verdict
 * @param reason        the winner rule's reason, empty without a verdict
 * @param timed         every (runner, tactic) timed on the profile, failed ones with their reason
 */
public record TunedChoice(String op, List<List<Long>> profile, String runner, String tactic, double nanos,
                          double fallbackNanos, boolean accepted, double speedup, String reason, List<Timed> timed) {

    /**
     * One (runner, tactic) as it was timed.
     *
     * @param tactic  the tactic as people read it ({@code 32}, {@code Loop.IKJ}, {@code FALLBACK})
     * @param nanos   its median time per call; NaN when it failed
     * @param failure why it failed, or null
     */
    public record Timed(String runner, String tactic, double nanos, String failure) {
    }

    /**
     * The choices a cache file holds, as written: for tools that compare files (no check that they were made on this
     * machine, which loading into a tuner does). A file that cannot be read is an error naming the reason.
     */
    public static List<TunedChoice> read(Path file) throws IOException {
        LoadResult loaded = CacheFile.read(file);
        if (!loaded.ok()) {
            throw new IOException(file + ": " + loaded.problem());
        }
        return loaded.entries().stream().map(TunedChoice::of).toList();
    }

    static TunedChoice of(CacheEntry e) {
        List<Timed> timed = new ArrayList<>();
        for (Trial t : e.trials()) {
            timed.add(new Timed(name(t.runner(), t.runnerId()), StoredTactic.describe(t.tactic()), t.nanos(), t.failure()));
        }
        boolean verdict = e.verdict() != null;
        return new TunedChoice(e.key().op(), Profiles.asLists(e.key().profile()), name(e.key().runnerClass(), e.key().runnerId()),
                StoredTactic.describe(e.tactic()), e.nanos(), e.fallbackNanos(), verdict && e.verdict().accepted(),
                verdict ? e.verdict().speedup() : Double.NaN, verdict ? e.verdict().reason() : "", List.copyOf(timed));
    }

    private static String name(String runnerClass, String runnerId) {
        return runnerId.isEmpty() ? runnerClass : runnerClass + " " + runnerId;
    }
}
