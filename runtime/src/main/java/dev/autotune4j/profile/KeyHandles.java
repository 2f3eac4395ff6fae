package dev.autotune4j.profile;

import dev.autotune4j.api.BucketMap;
import dev.autotune4j.api.TuningConfig;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * The two key handles of one signature, specialized to its parameter types: {@link #hash} {@code (args) -> long},
 * equal to {@link ShapeKeyer#hash}, and {@link #matcher} {@code (long[][] key, args) -> boolean}, equal to
 * {@link ShapeKeyer#matches} (the key as {@link ShapeKey#arrays()}). A primitive, a boxed integer or a 1-D or
 * 2-D primitive array is read directly
 * (no type test, no boxing) with each dimension's bucket map bound into the handle, so the JIT sees one
 * constant map per dimension and inlines it. Any other type goes through an {@link ArgKeyCache}, one per
 * argument shared by both handles, which specializes to the class and rank it sees; the irregular cases of the specialized kinds (a null array, a 2-D
 * array with no rows or a null first row) go through the generic keyer. So both handles agree with the generic
 * definitions on every input. {@code KeyHandlesTest} checks that they do.
 */
public final class KeyHandles {
    private static final MethodHandle STEP;
    private static final MethodHandle FINISH;
    private static final MethodHandle MIN;
    private static final MethodHandle TO_BUCKET;
    private static final MethodHandle IS_NULL;
    private static final MethodHandle REGULAR_2D;
    private static final MethodHandle COLS;
    private static final MethodHandle GENERIC_STEP;
    private static final MethodHandle GENERIC_MATCH;
    private static final MethodHandle RANK0;
    private static final MethodHandle RANK1;
    private static final MethodHandle RANK2;
    private static final MethodHandle INPUTS;
    private static final MethodHandle LONG_VALUE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STEP = l.findStatic(ShapeKey.class, "step", MethodType.methodType(long.class, long.class, long.class));
            FINISH = l.findStatic(ShapeKey.class, "finish", MethodType.methodType(long.class, long.class));
            MIN = l.findStatic(Math.class, "min", MethodType.methodType(long.class, long.class, long.class));
            TO_BUCKET = l.findVirtual(BucketMap.class, "toBucket", MethodType.methodType(long.class, long.class));
            IS_NULL = l.findStatic(KeyHandles.class, "isNull", MethodType.methodType(boolean.class, Object.class));
            REGULAR_2D = l.findStatic(KeyHandles.class, "regular2d", MethodType.methodType(boolean.class, Object[].class));
            COLS = l.findStatic(KeyHandles.class, "cols", MethodType.methodType(int.class, Object[].class));
            GENERIC_STEP = l.findVirtual(ShapeKeyer.class, "step",
                    MethodType.methodType(long.class, long.class, int.class, Object.class));
            GENERIC_MATCH = l.findVirtual(ShapeKeyer.class, "matches",
                    MethodType.methodType(boolean.class, long[][].class, int.class, Object.class));
            RANK0 = l.findStatic(KeyHandles.class, "rank0", MethodType.methodType(boolean.class, long[][].class, int.class));
            RANK1 = l.findStatic(KeyHandles.class, "rank1",
                    MethodType.methodType(boolean.class, long[][].class, int.class, long.class));
            RANK2 = l.findStatic(KeyHandles.class, "rank2",
                    MethodType.methodType(boolean.class, long[][].class, int.class, long.class, long.class));
            INPUTS = l.findStatic(KeyHandles.class, "inputs", MethodType.methodType(boolean.class, long[][].class, int.class));
            LONG_VALUE = l.findVirtual(Number.class, "longValue", MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ShapeKeyer keyer;
    private final List<Class<?>> params;
    /** Per argument: its inline cache when its type is read at run time, else null. */
    private final ArgKeyCache[] caches;

    /** The handles of {@code params} under {@code keyer}'s bucket maps. */
    public KeyHandles(ShapeKeyer keyer, List<Class<?>> params) {
        this.keyer = keyer;
        this.params = List.copyOf(params);
        this.caches = new ArgKeyCache[params.size()];
        for (int i = 0; i < caches.length; i++) {
            if (kindOf(params.get(i)) == Kind.GENERIC) {
                caches[i] = new ArgKeyCache(keyer, i, params.get(i));
            }
        }
    }

    private static boolean isNull(Object x) {
        return x == null;
    }

    /** A 2-D array that {@code Shapes} reads as rank 2: at least one row, the first one not null. */
    private static boolean regular2d(Object[] rows) {
        return rows != null && rows.length > 0 && rows[0] != null;
    }

    private static int cols(Object[] rows) {
        return java.lang.reflect.Array.getLength(rows[0]);
    }

    private static boolean rank0(long[][] k, int i) {
        return k[i].length == 0;
    }

    private static boolean rank1(long[][] k, int i, long d0) {
        long[] s = k[i];
        return s.length == 1 && s[0] == d0;
    }

    private static boolean rank2(long[][] k, int i, long d0, long d1) {
        long[] s = k[i];
        return s.length == 2 && s[0] == d0 && s[1] == d1;
    }

    private static boolean inputs(long[][] k, int n) {
        return k.length == n;
    }

    /** What a parameter type is read as. */
    private enum Kind { INTEGRAL, SHAPELESS, BOXED, ARRAY, ARRAY_2D, GENERIC }

    private static Kind kindOf(Class<?> type) {
        if (type == int.class || type == long.class || type == short.class || type == byte.class) {
            return Kind.INTEGRAL;
        }
        if (type.isPrimitive()) {
            return Kind.SHAPELESS;
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class) {
            return Kind.BOXED;
        }
        if (type.isArray() && type.getComponentType().isPrimitive()) {
            return Kind.ARRAY;
        }
        if (type.isArray() && type.getComponentType().isArray() && type.getComponentType().getComponentType().isPrimitive()) {
            return Kind.ARRAY_2D;
        }
        return Kind.GENERIC;
    }

    // ---- the hash ------------------------------------------------------------------------------------

    /** {@code (args) -> long}: {@link ShapeKeyer#hash} of the arguments. */
    public MethodHandle hash() {
        MethodHandle hash = MethodHandles.constant(long.class, ShapeKey.SEED);
        for (int i = 0; i < params.size(); i++) {
            hash = MethodHandles.collectArguments(step(i, params.get(i)), 0, hash);          // (A0..Ai) -> long
        }
        return MethodHandles.filterReturnValue(hash, FINISH);
    }

    /** {@code (long acc, T x) -> long}: the running hash after argument {@code i}. */
    private MethodHandle step(int i, Class<?> type) {
        MethodType shape = MethodType.methodType(long.class, long.class, type);
        MethodHandle generic = MethodHandles.insertArguments(GENERIC_STEP.bindTo(keyer), 1, i).asType(shape);
        MethodHandle rank0 = MethodHandles.dropArguments(rankStep(0), 1, type);
        if (caches[i] != null) {
            return caches[i].step();
        }
        switch (kindOf(type)) {
            case INTEGRAL:
                return MethodHandles.filterArguments(dimStep(1), 1, dimKey(keyer, i, 0, 1).asType(
                        MethodType.methodType(long.class, type)));
            case SHAPELESS:
                return rank0;
            case BOXED: {
                MethodHandle value = LONG_VALUE.asType(MethodType.methodType(long.class, type));
                MethodHandle specific = MethodHandles.filterArguments(dimStep(1), 1,
                        MethodHandles.filterReturnValue(value, dimKey(keyer, i, 0, 1)));
                return MethodHandles.guardWithTest(nullTest(type, 1), rank0, specific);
            }
            case ARRAY: {
                MethodHandle length = MethodHandles.arrayLength(type).asType(MethodType.methodType(long.class, type));
                MethodHandle specific = MethodHandles.filterArguments(dimStep(1), 1,
                        MethodHandles.filterReturnValue(length, dimKey(keyer, i, 0, 1)));
                return MethodHandles.guardWithTest(nullTest(type, 1), rank0, specific);
            }
            case ARRAY_2D: {
                // step(step(step(acc, 2), key0(rows)), key1(cols))
                MethodHandle rows = MethodHandles.filterReturnValue(
                        MethodHandles.arrayLength(type).asType(MethodType.methodType(long.class, type)), dimKey(keyer, i, 0, 2));
                MethodHandle cols = MethodHandles.filterReturnValue(COLS.asType(MethodType.methodType(long.class, type)),
                        dimKey(keyer, i, 1, 2));
                MethodHandle first = MethodHandles.filterArguments(dimStep(2), 1, rows);                    // (acc, a)
                MethodHandle second = MethodHandles.filterArguments(STEP, 1, cols);                         // (h, a)
                MethodHandle both = MethodHandles.collectArguments(second, 0, first);                       // (acc, a, a)
                MethodHandle specific = MethodHandles.permuteArguments(both, shape, 0, 1, 1);
                MethodHandle regular = MethodHandles.dropArguments(
                        REGULAR_2D.asType(MethodType.methodType(boolean.class, type)), 0, long.class);
                return MethodHandles.guardWithTest(regular, specific, generic);
            }
            default:
                return generic;
        }
    }

    /** {@code (long acc) -> long}: the step of an argument's rank. */
    private static MethodHandle rankStep(int rank) {
        return MethodHandles.insertArguments(STEP, 1, (long) rank);
    }

    /** {@code (long acc, long dimKey) -> long}: step(step(acc, rank), dimKey). */
    private static MethodHandle dimStep(int rank) {
        return MethodHandles.filterArguments(STEP, 0, rankStep(rank));
    }

    /** {@code (long acc, T x) -> boolean} or, with {@code position} 0, {@code (T x) -> boolean}: x == null. */
    private static MethodHandle nullTest(Class<?> type, int position) {
        MethodHandle test = IS_NULL.asType(MethodType.methodType(boolean.class, type));
        return position == 0 ? test : MethodHandles.dropArguments(test, 0, long.class);
    }

    // ---- the key comparison ---------------------------------------------------------------------------

    /** {@code (long[][] key, args) -> boolean}: {@link ShapeKeyer#matches} of the key and the arguments. */
    public MethodHandle matcher() {
        int n = params.size();
        MethodHandle yes = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, true), 0, long[][].class);
        yes = MethodHandles.dropArguments(yes, 1, params);
        MethodHandle no = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, long[][].class);
        no = MethodHandles.dropArguments(no, 1, params);
        MethodHandle all = yes;
        for (int i = n - 1; i >= 0; i--) {
            MethodHandle test = match(i, params.get(i));                                   // (k, Ti)
            test = MethodHandles.dropArguments(test, 1, params.subList(0, i));                    // (k, T0..Ti)
            test = MethodHandles.dropArguments(test, i + 2, params.subList(i + 1, n));             // (k, T0..Tn-1)
            all = MethodHandles.guardWithTest(test, all, no);
        }
        MethodHandle count = MethodHandles.dropArguments(MethodHandles.insertArguments(INPUTS, 1, n), 1, params);
        return MethodHandles.guardWithTest(count, all, no);
    }

    /** {@code (long[][] k, T x) -> boolean}: input {@code i} of k is x's key. */
    private MethodHandle match(int i, Class<?> type) {
        MethodType shape = MethodType.methodType(boolean.class, long[][].class, type);
        MethodHandle generic = MethodHandles.insertArguments(GENERIC_MATCH.bindTo(keyer), 1, i).asType(shape);
        MethodHandle one = MethodHandles.insertArguments(RANK1, 1, i);                             // (k, long)
        if (caches[i] != null) {
            return caches[i].match();
        }
        switch (kindOf(type)) {
            case INTEGRAL:
                return MethodHandles.filterArguments(one, 1, dimKey(keyer, i, 0, 1).asType(MethodType.methodType(long.class, type)));
            case SHAPELESS:
                return MethodHandles.dropArguments(MethodHandles.insertArguments(RANK0, 1, i), 1, type);
            case BOXED: {
                MethodHandle value = LONG_VALUE.asType(MethodType.methodType(long.class, type));
                MethodHandle specific = MethodHandles.filterArguments(one, 1, MethodHandles.filterReturnValue(value, dimKey(keyer, i, 0, 1)));
                return MethodHandles.guardWithTest(MethodHandles.dropArguments(nullTest(type, 0), 0, long[][].class), generic, specific);
            }
            case ARRAY: {
                MethodHandle length = MethodHandles.arrayLength(type).asType(MethodType.methodType(long.class, type));
                MethodHandle specific = MethodHandles.filterArguments(one, 1, MethodHandles.filterReturnValue(length, dimKey(keyer, i, 0, 1)));
                return MethodHandles.guardWithTest(MethodHandles.dropArguments(nullTest(type, 0), 0, long[][].class), generic, specific);
            }
            case ARRAY_2D: {
                MethodHandle rows = MethodHandles.filterReturnValue(
                        MethodHandles.arrayLength(type).asType(MethodType.methodType(long.class, type)), dimKey(keyer, i, 0, 2));
                MethodHandle cols = MethodHandles.filterReturnValue(COLS.asType(MethodType.methodType(long.class, type)),
                        dimKey(keyer, i, 1, 2));
                MethodHandle two = MethodHandles.filterArguments(MethodHandles.insertArguments(RANK2, 1, i), 1, rows, cols); // (k, a, a)
                MethodHandle specific = MethodHandles.permuteArguments(two, shape, 0, 1, 1);
                MethodHandle regular = MethodHandles.dropArguments(
                        REGULAR_2D.asType(MethodType.methodType(boolean.class, type)), 0, long[][].class);
                return MethodHandles.guardWithTest(regular, specific, generic);
            }
            default:
                return generic;
        }
    }

    /** {@code (long size) -> long}: the key of one dimension ({@link ShapeKeyer#keyDim}), its bucket map bound in. */
    static MethodHandle dimKey(ShapeKeyer keyer, int input, int dim, int rank) {
        if (keyer.isConstrained(input, dim)) {
            return MethodHandles.dropArguments(MethodHandles.constant(long.class, ShapeKey.ANY), 0, long.class);
        }
        BucketMap map = keyer.mapOf(input, dim);
        if (map == null) {
            return MethodHandles.identity(long.class);
        }
        MethodHandle bucket = TO_BUCKET.bindTo(map);
        return keyer.cap() == TuningConfig.NO_CAP ? bucket
                : MethodHandles.filterReturnValue(bucket, MethodHandles.insertArguments(MIN, 1, keyer.cap()));
    }
}
