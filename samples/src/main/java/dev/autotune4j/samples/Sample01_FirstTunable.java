package dev.autotune4j.samples;

import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;

/**
 * Sample 01: the first {@code @Tunable} method. Its body is the fallback; two overloads with a trailing
 * {@code @Tactic} parameter are the candidates. Run it with and without the agent: without, the body runs;
 * with {@code mode=tune}, the first call of each size tunes and later calls run the fastest candidate.
 *
 * <p>Run (from the repository root, after {@code mvn -B -q -DskipTests install}):
 * <pre>
 * java -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.Sample01_FirstTunable
 * java -javaagent:agent/target/autotune4j-agent.jar=mode=tune,tuning=inline \
 *      -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.Sample01_FirstTunable
 * </pre>
 */
public final class Sample01_FirstTunable {
    private Sample01_FirstTunable() {
    }

    public enum Order { FORWARD, UNROLLED }

    static String lastRun = "body";

    /** The fallback: a plain loop. */
    @Tunable(dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = 1 << 16))
    static double sumOfSquares(double[] xs) {
        lastRun = "body";
        double s = 0;
        for (int i = 0; i < xs.length; i++) {
            s += xs[i] * xs[i];
        }
        return s;
    }

    /** Candidate 1: every constant of the enum is a tactic. */
    static double sumOfSquares(double[] xs, @Tactic Order order) {
        lastRun = "Order." + order;
        if (order == Order.FORWARD) {
            double s = 0;
            for (double x : xs) {
                s += x * x;
            }
            return s;
        }
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        int i = 0;
        for (; i + 4 <= xs.length; i += 4) {
            a += xs[i] * xs[i];
            b += xs[i + 1] * xs[i + 1];
            c += xs[i + 2] * xs[i + 2];
            d += xs[i + 3] * xs[i + 3];
        }
        for (; i < xs.length; i++) {
            a += xs[i] * xs[i];
        }
        return a + b + c + d;
    }

    /** Candidate 2: int tactics, here the number of independent accumulators. */
    static double sumOfSquares(double[] xs, @Tactic(values = {2, 8}) int lanes) {
        lastRun = "lanes=" + lanes;
        double[] acc = new double[lanes];
        int i = 0;
        for (; i + lanes <= xs.length; i += lanes) {
            for (int l = 0; l < lanes; l++) {
                acc[l] += xs[i + l] * xs[i + l];
            }
        }
        double s = 0;
        for (double v : acc) {
            s += v;
        }
        for (; i < xs.length; i++) {
            s += xs[i] * xs[i];
        }
        return s;
    }

    public static void main(String[] args) {
        for (int n : new int[] {1000, 50_000, 1000}) {
            double[] xs = new double[n];
            java.util.Arrays.fill(xs, 0.5);
            double s = sumOfSquares(xs);
            System.out.printf("n=%-6d sum=%.2f ran %s%n", n, s, lastRun);
        }
    }
}
