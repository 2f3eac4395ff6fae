package dev.autotune4j.dispatch;

import dev.autotune4j.api.SameAnswer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The primitive-array fast path of {@link SameAnswer} (no boxing) decides exactly as the element-by-element rule
 * does on the same values boxed: the same verdict and the same first differing element, for random arrays with
 * random perturbations (inside and outside the tolerance, NaNs, signed zeros), at the defaults and at set tolerances.
 */
class SameAnswerPropertyTest {

    @Test
    void primitiveArraysAreJudgedAsTheirBoxedElementsAre() {
        Random random = new Random(42);
        SameAnswer[] rules = {SameAnswer.defaults(), SameAnswer.within(1e-3, 0), SameAnswer.within(0, 1e-2)};
        for (int trial = 0; trial < 3000; trial++) {
            SameAnswer r = rules[trial % rules.length];
            int n = 1 + random.nextInt(20);
            float[] fe = new float[n];
            double[] de = new double[n];
            int[] ie = new int[n];
            for (int i = 0; i < n; i++) {
                fe[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
                de[i] = fe[i];
                ie[i] = random.nextInt(5);
            }
            float[] fa = fe.clone();
            double[] da = de.clone();
            int[] ia = ie.clone();
            for (int k = random.nextInt(3); k > 0; k--) {
                int i = random.nextInt(n);
                double scale = new double[] {1e-9, 1e-6, 1e-4, 1e-3, 1e-2, 1}[random.nextInt(6)];
                fa[i] += (float) (random.nextGaussian() * scale * Math.max(1e-3, Math.abs(fe[i])));
                da[i] += random.nextGaussian() * scale * Math.max(1e-3, Math.abs(de[i]));
                ia[i] += random.nextInt(2);
                if (random.nextInt(20) == 0) {
                    fa[i] = Float.NaN;
                    da[i] = random.nextBoolean() ? Double.NaN : -0.0;
                }
            }
            assertEquals(r.difference(boxed(fe), boxed(fa)), r.difference(fe, fa), "float trial " + trial);
            assertEquals(r.difference(boxed(de), boxed(da)), r.difference(de, da), "double trial " + trial);
            assertEquals(r.difference(boxed(ie), boxed(ia)), r.difference(ie, ia), "int trial " + trial);
        }
    }

    private static Object[] boxed(Object array) {
        Object[] out = new Object[java.lang.reflect.Array.getLength(array)];
        for (int i = 0; i < out.length; i++) {
            out[i] = java.lang.reflect.Array.get(array, i);
        }
        return out;
    }
}
