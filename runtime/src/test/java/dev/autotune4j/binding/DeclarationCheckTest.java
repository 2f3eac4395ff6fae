package dev.autotune4j.binding;

import dev.autotune4j.api.Constraint;
import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.MapScheme;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeclarationCheckTest {
    enum Loop { IJK, IKJ }

    @SuppressWarnings("unused")
    static final class Good {
        @Tunable(dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = 64),
                constraints = @Constraint(arg = 1, dim = 0, method = "rowsOf"))
        static float[] mul(float[][] a, int[] scale) {
            return null;
        }

        static float[] mul(float[][] a, int[] scale, @Tactic(values = {1, 2}) int t) {
            return null;
        }

        static float[] mul(float[][] a, int[] scale, @Tactic Loop loop) {
            return null;
        }

        static float[] mul(float[][] a, int[] scale, @Tactic(provider = "blocks") long block) {
            return null;
        }

        static List<Long> blocks(float[][] a, int[] scale) {
            return List.of(8L);
        }

        static long rowsOf(long[][] shapes) {
            return shapes[0][0];
        }
    }

    @SuppressWarnings("unused")
    static final class Bad {
        @Tunable
        static int lonely(int[] a) {
            return 0;
        }

        @Tunable(dynamic = {@Dynamic(arg = 2, buckets = {1, 2}), @Dynamic(arg = 0, buckets = {1}, powersOfTwoUpTo = 8),
                @Dynamic(arg = 1, bucketsMethod = "missing", map = MapScheme.ROUND_UP)})
        static int many(int[] a, int[] b) {
            return 0;
        }

        static int many(int[] a, int[] b, @Tactic(provider = "nope") int t) {
            return 0;
        }

        static long many(int[] a, int[] b, @Tactic String s) {
            return 0;
        }

        @Tunable(outputs = {1, 2, 5}, atol = -0.5, rtol = Double.POSITIVE_INFINITY)
        static void into(float[] x, int n, float[] out) {
        }

        static void into(float[] x, int n, float[] out, @Tactic(values = 1) int t) {
        }

        @Tunable(dynamic = @Dynamic(arg = 0, buckets = {1}))
        static int shapeless(double d) {
            return 0;
        }

        static int shapeless(double d, @Tactic(values = 1) int t) {
            return 0;
        }
    }

    private static List<String> check(Class<?> type, String name) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.isAnnotationPresent(Tunable.class)) {
                return DeclarationCheck.check(ReflectiveDeclarations.of(type), ReflectiveDeclarations.of(m));
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void aWellFormedDeclarationHasNoErrors() {
        assertEquals(List.of(), check(Good.class, "mul"));
        Method tunable = Good.class.getDeclaredMethods()[0];
        for (Method m : Good.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Tunable.class)) {
                tunable = m;
            }
        }
        assertEquals(3, DeclarationCheck.candidates(ReflectiveDeclarations.of(Good.class),
                ReflectiveDeclarations.of(tunable)).size());
    }

    @Test
    void noCandidateNamesTheOverloadToAdd() {
        List<String> errors = check(Bad.class, "lonely");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("Bad.lonely(int[]) has no candidate: add an overload lonely(int[] a0, @Tactic int tactic) returning int"),
                errors.get(0));
    }

    @Test
    void everyProblemIsNamedWithItsFix() {
        String all = String.join("\n", check(Bad.class, "many"));
        assertTrue(all.contains("tactic provider 'nope' not found: declare static List<?> nope(int[] a0, int[] a1)"), all);
        assertTrue(all.contains("candidate many(int[], int[], java.lang.String) returns long: make it return int"), all);
        assertTrue(all.contains("the @Tactic parameter (java.lang.String) has no values"), all);
        assertTrue(all.contains("@Dynamic(arg = 2, dim = 0) is out of range: many has 2 parameters"), all);
        assertTrue(all.contains("@Dynamic(arg = 0, dim = 0) needs exactly one bucket scheme"), all);
        assertTrue(all.contains("method 'missing' not found: declare static long[] missing(long size)"), all);
        assertTrue(all.contains("maps with ROUND_UP but roundUpTo is 0"), all);
        assertEquals(7, check(Bad.class, "many").size(), all);
    }

    /** The answer check's attributes (issue 15): outputs must be arguments a method can write into. */
    @Test
    void outputsAndTolerancesAreCheckedWithTheirFix() {
        List<String> errors = check(Bad.class, "into");
        String all = String.join("\n", errors);
        assertTrue(all.contains("has output 1, a int argument, which a method cannot write into"), all);
        assertTrue(all.contains("has output 5, out of range: into has 3 parameters"), all);
        assertTrue(all.contains("has atol -0.5: use -1 (the default) or a finite tolerance >= 0"), all);
        assertTrue(all.contains("has rtol Infinity"), all);
        assertEquals(4, errors.size(), all);
    }

    @Test
    void shapelessArgumentsCannotBeDynamic() {
        String all = String.join("\n", check(Bad.class, "shapeless"));
        assertTrue(all.contains("refers to a double argument, which has no shape"), all);
    }
}
