package dev.autotune4j.testapp;

import dev.autotune4j.api.Constraint;
import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;

/**
 * An op whose answer is an output argument, for the answer check on the agent path (issue 15). {@code scale}
 * writes {@code 2 x} into {@code out}; the body takes 8 passes to do it. Candidate CLOSE takes 1 pass and is 0.5%
 * off (inside the declared {@code rtol = 0.01}, outside the float default of 0.1%); WRONG writes nothing but its
 * first element and is the fastest.
 *
 * <p>Usage: {@code IntoApp calls size} prints one line per call: {@code size out[0] out[last]}.
 */
public final class IntoApp {
    public enum Variant { CLOSE, WRONG }

    private IntoApp() {
    }

    @Tunable(op = "into", dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = 4096),
            constraints = @Constraint(arg = 1, dim = 0, method = "lengthOfX"), outputs = 1, rtol = 0.01)
    public static void scale(float[] x, float[] out) {
        for (int p = 0; p < 8; p++) {
            for (int i = 0; i < x.length; i++) {
                out[i] = 2 * x[i] + p * 0f;
            }
        }
    }

    static void scale(float[] x, float[] out, @Tactic Variant v) {
        if (v == Variant.WRONG) {
            out[0] = -1;
            return;
        }
        for (int i = 0; i < x.length; i++) {
            out[i] = 2 * x[i] * 1.005f;
        }
    }

    static long lengthOfX(long[][] shapes) {
        return shapes[0][0];
    }

    public static void main(String[] args) {
        int calls = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        for (int c = 0; c < calls; c++) {
            float[] x = new float[size];
            java.util.Arrays.fill(x, 1f);
            float[] out = new float[size];
            scale(x, out);
            System.out.printf("%d %.2f %.2f%n", size, out[0], out[size - 1]);
        }
    }
}
