package dev.autotune4j.samples.readme;

import dev.autotune4j.api.Constraint;
import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;

/**
 * The README's answer-check block, compiled as written: a {@code void} op whose answer is the output argument it
 * declares, compared within its own tolerance.
 *
 * <p>Run: {@code java -javaagent:agent/target/autotune4j-agent.jar=mode=tune,tuning=inline
 * -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.readme.AnswerCheckDeclared}
 */
public final class AnswerCheckDeclared {
    private AnswerCheckDeclared() {
    }

    @Tunable(dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = 4096),
            constraints = @Constraint(arg = 1, dim = 0, method = "sameLength"), outputs = 1, rtol = 1e-4)
    static void twice(float[] x, float[] out) { for (int i = 0; i < x.length; i++) out[i] = 2 * x[i]; }   // the answer is `out`
    static void twice(float[] x, float[] out, @Tactic(values = {2, 4}) int unroll) { Unrolled.twice(x, out, unroll); }
    static long sameLength(long[][] shapes) { return shapes[0][0]; }

    /** The candidates: the same loop, unrolled. */
    static final class Unrolled {
        private Unrolled() {
        }

        static void twice(float[] x, float[] out, int unroll) {
            int i = 0;
            for (; i + unroll <= x.length; i += unroll) {
                for (int u = 0; u < unroll; u++) {
                    out[i + u] = 2 * x[i + u];
                }
            }
            for (; i < x.length; i++) {
                out[i] = 2 * x[i];
            }
        }
    }

    public static void main(String[] args) {
        float[] x = new float[1000];
        java.util.Arrays.fill(x, 1.5f);
        float[] out = new float[x.length];
        twice(x, out);
        System.out.println("out[999] = " + out[999]);
    }
}
