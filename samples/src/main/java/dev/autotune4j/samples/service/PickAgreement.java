package dev.autotune4j.samples.service;

import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.cache.CacheKey;
import dev.autotune4j.cache.Trial;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Do picks made under load agree with picks made on a quiet machine? Counted over the profiles where the quiet
 * tuning measured the load's pick at least {@link #DECISIVE} slower than its own (where the choice matters); on
 * the others any of the close candidates is a fine pick.
 */
final class PickAgreement {
    static final double DECISIVE = 1.10;

    private PickAgreement() {
    }

    /** The agreement found, and how many profiles it is counted over. */
    record Result(int decisive, int agreed, int compared) {
        double rate() {
            return decisive == 0 ? 1 : (double) agreed / decisive;
        }
    }

    static Result compare(Path underLoad, Path quiet) {
        Map<String, CacheEntry> quietByProfile = new HashMap<>();
        for (CacheEntry e : CacheFile.read(quiet).entries()) {
            quietByProfile.put(profileOf(e.key()), e);
        }
        int decisive = 0;
        int agreed = 0;
        int compared = 0;
        for (CacheEntry loaded : CacheFile.read(underLoad).entries()) {
            CacheEntry q = quietByProfile.get(profileOf(loaded.key()));
            if (q == null) {
                continue;
            }
            compared++;
            boolean same = q.key().runnerClass().equals(loaded.key().runnerClass())
                    && q.key().runnerId().equals(loaded.key().runnerId()) && q.tactic().equals(loaded.tactic());
            double theirs = timeOf(q.trials(), loaded);
            if (same || (theirs > 0 && theirs >= DECISIVE * q.nanos())) {
                decisive++;
                agreed += same ? 1 : 0;
            }
        }
        return new Result(decisive, agreed, compared);
    }

    static void print(Path underLoad, Path quiet) {
        Result r = compare(underLoad, quiet);
        System.out.printf(Locale.ROOT, "picks vs quiet inline tuning: %d of %d profiles where the choice "
                + "matters (>= 10%%) agree (%.0f%%); %d profiles compared%n", r.agreed, r.decisive, 100 * r.rate(), r.compared);
    }

    /** Op and profile: the same shape bucket in both files, whichever runner won. */
    private static String profileOf(CacheKey k) {
        return k.op() + " " + k.profile();
    }

    /** The quiet tuning's time for the load's pick, or 0 when it did not time it. */
    private static double timeOf(List<Trial> trials, CacheEntry pick) {
        for (Trial t : trials) {
            if (t.runner().equals(pick.key().runnerClass()) && t.runnerId().equals(pick.key().runnerId())
                    && t.tactic().equals(pick.tactic()) && t.failure() == null) {
                return t.nanos();
            }
        }
        return 0;
    }
}
