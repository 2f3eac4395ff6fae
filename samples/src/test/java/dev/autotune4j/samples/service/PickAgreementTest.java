package dev.autotune4j.samples.service;

import dev.autotune4j.dispatch.TunedChoice;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How picks are scored against quiet runs: over the profiles where the choice matters, and of those over the ones
 * where the quiet runs agree among themselves (a consensus of two compilations is a vote, not a reference).
 */
class PickAgreementTest {

    /** One profile ({@code rows} x 64) of op "norm", timed: fallback, A and B in nanoseconds; the pick named. */
    private static TunedChoice timed(int rows, String pick, double fallback, double a, double b) {
        return new TunedChoice("norm", List.of(List.of((long) rows, 64L)), "R", pick, 0, fallback, !pick.equals("FALLBACK"),
                Double.NaN, "", List.of(new TunedChoice.Timed("R", "FALLBACK", fallback, null),
                new TunedChoice.Timed("R", "A", a, null), new TunedChoice.Timed("R", "B", b, null)));
    }

    @Test
    void aProfileWhoseQuietRunsDisagreeCountsOnlyInTheOverallFigure() {
        // rows 1: every quiet run has A fastest; rows 2: one quiet JVM compiled A fast, the other slow (bimodal)
        List<TunedChoice> quiet1 = List.of(timed(1, "A", 100, 50, 90), timed(2, "A", 100, 50, 90));
        List<TunedChoice> quiet2 = List.of(timed(1, "A", 100, 55, 95), timed(2, "FALLBACK", 100, 140, 120));
        List<TunedChoice> quiet3 = List.of(timed(1, "A", 100, 52, 92), timed(2, "A", 100, 52, 93));
        // under load: A at rows 1 (agrees), the fallback at rows 2 (the consensus' median says A)
        List<TunedChoice> picks = List.of(timed(1, "A", 100, 50, 90), timed(2, "FALLBACK", 100, 140, 120));

        PickAgreement.Result r = PickAgreement.compare(picks, List.of(quiet1, quiet2, quiet3));

        assertEquals(2, r.compared());
        assertEquals(2, r.decisive(), "the fallback is 1.9x A's consensus time at rows 2: the choice matters");
        assertEquals(1, r.agreed());
        assertEquals(1, r.clearDecisive(), "rows 2 is left out where the quiet runs must agree: one had B fastest");
        assertEquals(1, r.clearAgreed());
    }

    @Test
    void closeCandidatesAreNotDecisiveAndAProfileMissingFromAQuietRunIsNotClear() {
        List<TunedChoice> quiet1 = List.of(timed(1, "A", 100, 97, 99), timed(4, "B", 100, 90, 40));
        List<TunedChoice> quiet2 = List.of(timed(1, "A", 100, 96, 99));
        List<TunedChoice> picks = List.of(timed(1, "FALLBACK", 100, 97, 99), timed(4, "A", 100, 90, 40));

        PickAgreement.Result r = PickAgreement.compare(picks, List.of(quiet1, quiet2));

        assertEquals(2, r.compared());
        assertEquals(1, r.decisive(), "rows 1: the fallback is within 10% of A, any of them is a fine pick");
        assertEquals(0, r.agreed(), "rows 4: A is 2.2x B's time");
        assertEquals(0, r.clearDecisive(), "rows 4 was timed by one quiet run of two: no agreement among them to lean on");
    }
}
