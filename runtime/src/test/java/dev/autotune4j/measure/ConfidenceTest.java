package dev.autotune4j.measure;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ratio-of-medians interval the winner rule decides on (issue 12). */
class ConfidenceTest {

    private static double[] noisy(Random r, int n, double median, double noise) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = median * (1 + noise * r.nextGaussian());
        }
        return x;
    }

    @Test
    void theIntervalHoldsTheRatioAndIsRepeatable() {
        double[] a = {10, 11, 12, 10.5, 11.5};
        double[] b = {20, 21, 22, 19, 20.5};
        Confidence.Ratio r = Confidence.ofMedians(a, 5, b, 5);
        assertEquals(11.0 / 20.5, r.ratio(), 1e-12);
        assertTrue(r.low() <= r.ratio() && r.ratio() <= r.high(), r.toString());
        assertTrue(r.faster(0.03), "half the time, with no overlap: " + r);
        assertEquals(r, Confidence.ofMedians(a, 5, b, 5), "a fixed seed: the same samples give the same decision");
    }

    @Test
    void oneSampleShowsNothingAboutNoise() {
        Confidence.Ratio r = Confidence.ofMedians(new double[] {1}, 1, new double[] {100}, 1);
        assertEquals(0, r.low());
        assertEquals(Double.POSITIVE_INFINITY, r.high());
        assertFalse(r.faster(0.03), "a hundred times faster on one sample each is no verdict");
    }

    /**
     * The rule's false-win rate on identical code: samples of one distribution on both sides (5% noise, 10 samples)
     * in 2000 trials are accepted as 3% faster in under 1% of them.
     */
    @Test
    void identicalDistributionsAreRarelyCalledFaster() {
        Random random = new Random(1);
        int wins = 0;
        for (int t = 0; t < 2000; t++) {
            if (Confidence.ofMedians(noisy(random, 10, 100, 0.05), 10, noisy(random, 10, 100, 0.05), 10).faster(0.03)) {
                wins++;
            }
        }
        assertTrue(wins < 20, wins + " false wins in 2000");
    }

    /** And a real 10% gain under the same noise is found in almost every trial. */
    @Test
    void aRealGainIsFound() {
        Random random = new Random(2);
        int wins = 0;
        for (int t = 0; t < 500; t++) {
            if (Confidence.ofMedians(noisy(random, 10, 90, 0.05), 10, noisy(random, 10, 100, 0.05), 10).faster(0.03)) {
                wins++;
            }
        }
        assertTrue(wins > 425, wins + " of 500 (on 10 samples each; undecided pairs get more samples in a tuning pass)");
    }
}
