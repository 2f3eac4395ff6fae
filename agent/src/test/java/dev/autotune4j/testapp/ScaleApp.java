package dev.autotune4j.testapp;

import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;

/**
 * A small application for the agent's integration tests, run in child JVMs. {@code work} sums an array
 * {@code passes} times; its body (the fallback) does 8 passes, candidate A does {@code tactic} passes with
 * tactics 2, 4 and 6, candidate B is an enum whose FAST constant does 1 pass. So the tuner must pick B.FAST,
 * and every variant returns {@code sum * passes}, from which the test reads which implementation ran.
 *
 * <p>Usage: {@code ScaleApp calls [sizes...]} prints one line per call: {@code size result}.
 */
public final class ScaleApp {
    public enum Speed { SLOW, FAST }

    private ScaleApp() {
    }

    @Tunable(op = "scale", dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = 4096))
    public static double work(float[] data) {
        return passes(data, 8);
    }

    static double work(float[] data, @Tactic(values = {2, 4, 6}) int passes) {
        return passes(data, passes);
    }

    private static double work(float[] data, @Tactic Speed speed) {
        return passes(data, speed == Speed.FAST ? 1 : 12);
    }

    static double passes(float[] data, int passes) {
        double s = 0;
        for (int p = 0; p < passes; p++) {
            for (float v : data) {
                s += v;
            }
        }
        // sum * passes, exactly: with data of ones, the result is length * passes
        return s;
    }

    public static void main(String[] args) {
        int calls = Integer.parseInt(args[0]);
        for (int c = 0; c < calls; c++) {
            for (int a = 1; a < args.length; a++) {
                int size = Integer.parseInt(args[a]);
                float[] data = new float[size];
                java.util.Arrays.fill(data, 1f);
                System.out.println(size + " " + (long) work(data));
            }
        }
        TunerStats.print();
    }
}
