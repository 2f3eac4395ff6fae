package dev.autotune4j.benchmarks.accuracy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When JMH's own runs agree on a best tactic: the rule top-1 and the "JMH clear" figures are counted over. */
class AccuracyHarnessTest {

    private static AccuracyHarness.Oracle jmh(double mean, double error, double... forks) {
        return new AccuracyHarness.Oracle(mean, error, forks);
    }

    @Test
    void aBestAheadBeyondBothErrorsWithEveryForkFasterIsClear() {
        var best = jmh(100, 3, 98, 99, 101, 102);
        var second = jmh(120, 4, 117, 119, 121, 123);
        assertTrue(AccuracyHarness.clear(best, second, List.of(second)));
    }

    @Test
    void overlappingForksAreNotClearEvenWhenTheMeansAreApartBeyondTheirErrors() {
        // the 8 x 8 loops of the docs: one JVM's fork of the best ran slower than another JVM's fork of the second
        var best = jmh(875, 5, 443, 700, 1100, 1144);
        var second = jmh(930, 5, 547, 800, 1230, 1242);
        assertFalse(AccuracyHarness.clear(best, second, List.of(second)));
    }

    @Test
    void meansWithinTheirErrorsAreNotClearEvenWithSeparateForks() {
        var best = jmh(61.6, 1.7, 61.0, 61.2, 61.9, 62.3);
        var second = jmh(63.0, 1.0, 62.5, 62.8, 63.1, 63.5);
        assertFalse(AccuracyHarness.clear(best, second, List.of(second)));
    }

    @Test
    void everyOtherTacticsForksCountNotOnlyTheSeconds() {
        var best = jmh(100, 1, 99, 100, 101);
        var second = jmh(110, 1, 109, 110, 111);
        var third = jmh(130, 40, 95, 130, 165);   // its mean is far behind, but one of its forks beat one of best's
        assertFalse(AccuracyHarness.clear(best, second, List.of(second, third)));
    }
}
