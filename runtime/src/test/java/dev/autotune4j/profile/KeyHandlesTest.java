package dev.autotune4j.profile;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.DynamicDimSpec;
import dev.autotune4j.api.ShapeReader;
import dev.autotune4j.api.ShapeReaders;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property test: the call site's specialized hash and key comparison ({@link KeyHandles}) agree with the
 * generic keyer on random signatures of 1-4 parameters of mixed kinds (primitives, boxed, 1-D and 2-D arrays,
 * null, a {@code ShapedInput}, a foreign type with a registered reader, Object-typed parameters holding any of
 * these), random dynamic dims, maps and caps: for each pair of argument tuples, the comparison says "same
 * key" exactly when the keys are equal, and equal keys hash alike.
 */
class KeyHandlesTest {

    /** A library's matrix: no autotune4j interface. */
    static final class ForeignMatrix {
        final int rows;
        final int cols;

        ForeignMatrix(int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
        }
    }

    static {
        ShapeReaders.register(ForeignMatrix.class, new ShapeReader<>() {
            @Override
            public int rank(ForeignMatrix m) {
                return 2;
            }

            @Override
            public long dim(ForeignMatrix m, int index) {
                return index == 0 ? m.rows : m.cols;
            }
        });
    }

    private record Kind(Class<?> type, Function<SplittableRandom, Object> make) {
    }

    private static int small(SplittableRandom r) {
        return r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(40);
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(int.class, r -> small(r)),
            new Kind(long.class, r -> (long) small(r)),
            new Kind(double.class, r -> r.nextDouble()),
            new Kind(Integer.class, r -> r.nextInt(5) == 0 ? null : small(r)),
            new Kind(int[].class, r -> r.nextInt(8) == 0 ? null : new int[small(r)]),
            new Kind(float[][].class, r -> {
                int pick = r.nextInt(10);
                if (pick == 0) {
                    return null;
                }
                float[][] a = new float[pick == 1 ? 0 : 1 + r.nextInt(20)][];
                for (int i = 0; i < a.length; i++) {
                    a[i] = pick == 2 && i == 0 ? null : new float[small(r)];
                }
                return a;
            }),
            new Kind(AnyDims.class, r -> new AnyDims(small(r), small(r))),
            new Kind(ForeignMatrix.class, r -> r.nextInt(6) == 0 ? null : new ForeignMatrix(small(r), small(r))),
            new Kind(Object.class, r -> {
                switch (r.nextInt(6)) {
                    case 0: return null;
                    case 1: return small(r);
                    case 2: return new double[small(r)];
                    case 3: return new ForeignMatrix(small(r), small(r));
                    case 4: return "text";
                    default: return new long[small(r)][small(r)];
                }
            }));

    @Test
    void specializedHandlesAgreeWithTheKeyerOnRandomSignatures() throws Throwable {
        SplittableRandom random = new SplittableRandom(8);
        int compared = 0;
        int equalKeys = 0;
        for (int signature = 0; signature < 150; signature++) {
            int n = 1 + random.nextInt(4);
            List<Kind> kinds = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                kinds.add(KINDS.get(random.nextInt(KINDS.size())));
            }
            TuningConfig.Builder b = TuningConfig.builder();
            for (int i = 0; i < n; i++) {
                if (random.nextInt(3) == 0) {
                    int dim = kinds.get(i).type() == float[][].class || kinds.get(i).type() == ForeignMatrix.class
                            ? random.nextInt(2) : 0;
                    b.dynamic(new DynamicDimSpec(i, dim, Buckets.powersOfTwo(64),
                            random.nextBoolean() ? Buckets.nextPowerOfTwo() : Buckets.roundUpTo(8)));
                }
            }
            if (random.nextInt(4) == 0) {
                b.tuneMaxSize(16);
            }
            ShapeKeyer keyer = new ShapeKeyer(b.build());
            List<Class<?>> params = kinds.stream().<Class<?>>map(Kind::type).toList();
            KeyHandles handles = new KeyHandles(keyer, params);
            MethodHandle hash = handles.hash();
            MethodHandle matcher = handles.matcher();

            List<Object[]> tuples = new ArrayList<>();
            for (int t = 0; t < 40; t++) {
                Object[] args = new Object[n];
                for (int i = 0; i < n; i++) {
                    args[i] = kinds.get(i).make().apply(random);
                    if (args[i] == null && kinds.get(i).type().isPrimitive()) {
                        throw new AssertionError("primitive null");
                    }
                }
                tuples.add(args);
            }
            for (Object[] a : tuples) {
                ShapeKey key = keyer.key(a);
                assertEquals(key.hash64(), keyer.hash(a), "keyer hash of " + describe(a));
                assertEquals(key.hash64(), (long) hash.invokeWithArguments(a), "site hash of " + describe(a) + " as " + params);
                for (Object[] other : tuples) {
                    ShapeKey otherKey = keyer.key(other);
                    Object[] withKey = new Object[n + 1];
                    withKey[0] = otherKey.arrays();
                    System.arraycopy(a, 0, withKey, 1, n);
                    boolean same = otherKey.equals(key);
                    assertEquals(same, (boolean) matcher.invokeWithArguments(withKey),
                            "site compare of " + describe(a) + " with key " + otherKey + " as " + params);
                    assertEquals(same, keyer.matches(otherKey, a));
                    compared++;
                    equalKeys += same ? 1 : 0;
                }
            }
        }
        assertEquals(150 * 40 * 40, compared);
        // both outcomes must be exercised in quantity for the property to mean anything
        org.junit.jupiter.api.Assertions.assertTrue(equalKeys > 10_000 && compared - equalKeys > 100_000,
                equalKeys + " equal of " + compared);
    }

    private static String describe(Object[] args) {
        return java.util.Arrays.deepToString(Shapes.shapes(args));
    }
}
