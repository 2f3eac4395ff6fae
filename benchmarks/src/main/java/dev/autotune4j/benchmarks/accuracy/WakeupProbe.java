package dev.autotune4j.benchmarks.accuracy;

import java.util.Arrays;
import java.util.Locale;

/**
 * Why the tuner and JMH disagree on the {@code threads} family at 100,000 elements: the two-thread sum timed in pairs
 * of calls, back to back (as JMH's loop calls it) or with a pause between pairs (as the tuner's samples are: it reads
 * its counters and times the other candidates between them). On a VM a core idle for a few tens of microseconds
 * takes long to wake, and the second thread pays for it. Prints each tactic's median, 10th and 90th percentile of
 * 2000 pairs after 2000 warm ones.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.autotune4j.benchmarks.accuracy.WakeupProbe [pauseMicros]}
 */
public final class WakeupProbe {
    private static double sink;

    private WakeupProbe() {
    }

    public static void main(String[] args) {
        long pauseNanos = 1000L * (args.length > 0 ? Long.parseLong(args[0]) : 0);
        Object[] inputs = Family.THREADS.inputs(100_000);
        int pairs = 4000;
        double[][] micros = new double[2][pairs];
        for (int p = 0; p < pairs; p++) {
            for (int tactic = 0; tactic < 2; tactic++) {
                long t0 = System.nanoTime();
                sink += (Double) Family.THREADS.run(tactic, inputs) + (Double) Family.THREADS.run(tactic, inputs);
                micros[tactic][p] = (System.nanoTime() - t0) / 2e3;
                long end = System.nanoTime() + pauseNanos;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();   // the caller stays busy; only the pool's threads go idle
                }
            }
        }
        for (int tactic = 0; tactic < 2; tactic++) {
            double[] x = Arrays.copyOfRange(micros[tactic], pairs / 2, pairs);
            Arrays.sort(x);
            System.out.printf(Locale.ROOT, "%s, pause %d us between pairs: median %.1f us, p10 %.1f, p90 %.1f%n",
                    Family.THREADS.tactics.get(tactic), pauseNanos / 1000, x[x.length / 2], x[x.length / 10],
                    x[x.length * 9 / 10]);
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
