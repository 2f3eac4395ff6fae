package dev.autotune4j.benchmarks.accuracy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** One JMH run of the threads family at 100,000 elements: one thread's and two threads' results. */
    private static Map<String, AccuracyHarness.Oracle> threadsRun(AccuracyHarness.Oracle one,
                                                                   AccuracyHarness.Oracle two) {
        return Map.of("THREADS:100000:0", one, "THREADS:100000:1", two);
    }

    @Test
    void withSeveralJmhRunsASizeIsClearOnlyWhereEveryRunIsClearAboutTheSameBest() {
        // runs B and G of the docs: every fork of two threads 2-4% ahead; run E: forks overlapping
        var clearRun = threadsRun(jmh(62727, 362, 62504, 63109), jmh(60254, 300, 59370, 61340));
        var otherClearRun = threadsRun(jmh(64335, 977, 63610, 64954), jmh(61603, 700, 60841, 62806));
        var overlapping = threadsRun(jmh(64290, 1322, 62847, 65725), jmh(62767, 1603, 61239, 64151));
        var reversed = threadsRun(jmh(60000, 100, 59900, 60100), jmh(63000, 100, 62900, 63100));
        assertEquals(1, AccuracyHarness.agreedBest(List.of(clearRun), Family.THREADS, 100_000));
        assertEquals(1, AccuracyHarness.agreedBest(List.of(clearRun, otherClearRun), Family.THREADS, 100_000));
        assertEquals(-1, AccuracyHarness.agreedBest(List.of(clearRun, overlapping), Family.THREADS, 100_000));
        assertEquals(-1, AccuracyHarness.agreedBest(List.of(overlapping, clearRun), Family.THREADS, 100_000));
        assertEquals(-1, AccuracyHarness.agreedBest(List.of(clearRun, reversed), Family.THREADS, 100_000));
    }
}
