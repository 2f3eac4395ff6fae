package dev.autotune4j.dispatch;

import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheKey;
import dev.autotune4j.cache.TacticCodec;
import dev.autotune4j.cache.Trial;
import dev.autotune4j.profile.ShapeKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which picks are close enough to be timed again once the JIT is quiet. */
class RecheckTest {
    /** A tactic the cache file cannot encode: the trials name it as text, the entry has no JSON for it. */
    private static final Object UNENCODABLE = new Object() {
        @Override
        public String toString() {
            return "opaque";
        }
    };

    /** The pick {@code tactic} at 100 ns; its rivals at the given times. */
    private static CacheEntry picked(Object tactic, double... rivals) {
        List<Trial> trials = new ArrayList<>();
        trials.add(new Trial(0, "x.R", "", TacticCodec.display(tactic), 100, 0, 10, null));
        for (int i = 0; i < rivals.length; i++) {
            trials.add(new Trial(0, "x.R", "", TacticCodec.display(i + 100), rivals[i], 0, 10, null));
        }
        trials.add(new Trial(0, "x.R", "", TacticCodec.display(-1), Double.NaN, 0, 0, "it threw"));
        return new CacheEntry(new CacheKey("op", "x.R", "", ShapeKey.of(new long[][] {{4}})), 0,
                TacticCodec.encode(tactic), tactic, 100, 10, 0, 120, trials);
    }

    @Test
    void aRivalWithinOneAndAHalfTimesMakesACloseCall() {
        assertTrue(Recheck.closeCall(picked(7, 149, 400)));
        assertFalse(Recheck.closeCall(picked(7, 151, 400)), "the nearest rival 1.51x slower; the failed one does not count");
    }

    @Test
    void thePickIsNotItsOwnRivalWhateverItsTactic() {
        assertFalse(Recheck.closeCall(picked(UNENCODABLE, 400)));
        assertTrue(Recheck.closeCall(picked(UNENCODABLE, 120)));
    }

    /** A recheck's entry: tactic 8 picked at 100 ns, the old pick 7 timed at {@code oldPick} ns (NaN: it failed). */
    private static CacheEntry recheckedAs8(double oldPick) {
        List<Trial> trials = List.of(new Trial(0, "x.R", "", TacticCodec.display(8), 100, 0, 10, null),
                new Trial(0, "x.R", "", TacticCodec.display(7), oldPick, 0, 10, Double.isNaN(oldPick) ? "it threw" : null));
        return new CacheEntry(new CacheKey("op", "x.R", "", ShapeKey.of(new long[][] {{4}})), 0, TacticCodec.encode(8),
                8, 100, 10, 0, 120, trials);
    }

    /** The old pick timed within 10% of the new one is a tie: the entry stays (a new one would relink the op). */
    @Test
    void aDifferentPickWithinTenPercentOfTheOldIsATie() {
        CacheEntry before = picked(7, 120);
        assertTrue(Recheck.tie(before, recheckedAs8(109)));
        assertFalse(Recheck.tie(before, recheckedAs8(111)));
        assertFalse(Recheck.tie(before, recheckedAs8(Double.NaN)), "the old pick failed this time");
    }

    @Test
    void noEntryOrNoRivalIsNoCloseCall() {
        assertFalse(Recheck.closeCall(null));
        assertFalse(Recheck.closeCall(picked(7)));
    }

    /** The info line sets both picks' times from the same recheck side by side, then the first timing's. */
    @Test
    void aChangeIsToldWithBothPicksTimedInTheSameRecheck() {
        CacheEntry before = picked(7, 130);
        CacheEntry after = picked(50, 124);   // the recheck's pick at 100 ns; the old pick (7) is not among its trials
        List<Trial> trials = new ArrayList<>(after.trials());
        trials.add(new Trial(0, "x.R", "", TacticCodec.display(7), 180, 0, 10, null));
        CacheEntry afterWithOld = new CacheEntry(after.key(), 0, after.tactic(), after.liveTactic(), 100, 10, 0, 120,
                trials);
        assertEquals("now R 50 at 100 ns; R 7, the pick it replaces, took 180 ns (100 ns when first timed)",
                Recheck.change("R 50", "R 7", before, afterWithOld));
        assertEquals("now R 50 at 100 ns; R 7, the pick it replaces, failed in this timing (100 ns when first timed)",
                Recheck.change("R 50", "R 7", before, after));
    }
}
