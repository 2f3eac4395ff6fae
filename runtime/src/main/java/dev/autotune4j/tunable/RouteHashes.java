package dev.autotune4j.tunable;

import dev.autotune4j.api.BucketMap;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.ShapeKeyer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Builds a call site's shape-hash handle, {@code (args) -> long}, equal to {@link SiteHash#of} on the boxed
 * arguments but specialized to the parameter types: an {@code int} or a 1-D or 2-D array is read directly
 * (no type tests), and each dimension's bucket map is bound into the handle, so the JIT sees one constant
 * map per dimension and inlines it. Other parameter types go through the generic {@link SiteHash#argument}.
 */
final class RouteHashes {
    private static final MethodHandle ARGUMENT;
    private static final MethodHandle MIX;
    private static final MethodHandle FINISH;
    private static final MethodHandle MIN;
    private static final MethodHandle TO_BUCKET;
    private static final MethodHandle IS_NULL;
    private static final MethodHandle COLS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ARGUMENT = l.findStatic(SiteHash.class, "argument",
                    MethodType.methodType(long.class, ShapeKeyer.class, int.class, Object.class));
            MIX = l.findStatic(SiteHash.class, "step", MethodType.methodType(long.class, long.class, long.class));
            FINISH = l.findStatic(SiteHash.class, "finish", MethodType.methodType(long.class, long.class));
            MIN = l.findStatic(Math.class, "min", MethodType.methodType(long.class, long.class, long.class));
            TO_BUCKET = l.findVirtual(BucketMap.class, "toBucket", MethodType.methodType(long.class, long.class));
            IS_NULL = l.findStatic(RouteHashes.class, "isNull", MethodType.methodType(boolean.class, Object.class));
            COLS = l.findStatic(RouteHashes.class, "cols", MethodType.methodType(int.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RouteHashes() {
    }

    private static boolean isNull(Object x) {
        return x == null;
    }

    /** Columns of a 2-D array, as {@code Shapes} reads them: the first row's length, 0 when there are no rows. */
    private static int cols(Object[] rows) {
        if (rows.length == 0) {
            return 0;
        }
        Object first = rows[0];
        return first == null ? 0 : java.lang.reflect.Array.getLength(first);
    }

    static MethodHandle of(ShapeKeyer keyer, List<Class<?>> params) {
        MethodHandle hash = MethodHandles.constant(long.class, SiteHash.SEED);
        for (int i = 0; i < params.size(); i++) {
            MethodHandle step = MethodHandles.filterArguments(MIX, 1, argument(keyer, i, params.get(i))); // (acc, Ai)
            hash = MethodHandles.collectArguments(step, 0, hash);                                           // (A0..Ai)
        }
        return MethodHandles.filterReturnValue(hash, FINISH);
    }

    /** {@code (T) -> long}: one argument's part of the hash. */
    private static MethodHandle argument(ShapeKeyer keyer, int index, Class<?> type) {
        if (type == int.class || type == long.class || type == short.class || type == byte.class) {
            return rank1(keyer, index).asType(MethodType.methodType(long.class, type));
        }
        if (type.isPrimitive()) {
            return MethodHandles.dropArguments(MethodHandles.constant(long.class, SiteHash.shapeless()), 0, type);
        }
        MethodHandle generic = MethodHandles.insertArguments(ARGUMENT, 0, keyer, index)
                .asType(MethodType.methodType(long.class, type));
        MethodHandle specific = null;
        if (type.isArray() && type.getComponentType().isPrimitive()) {
            specific = MethodHandles.filterArguments(rank1(keyer, index), 0,
                    MethodHandles.arrayLength(type).asType(MethodType.methodType(long.class, type)));
        } else if (type.isArray() && type.getComponentType().isArray()
                && type.getComponentType().getComponentType().isPrimitive()) {
            specific = rank2(keyer, index, type);
        }
        if (specific == null) {
            return generic;
        }
        // a null array has no shape: the generic path gives it the same hash as the slow path does
        return MethodHandles.guardWithTest(IS_NULL.asType(MethodType.methodType(boolean.class, type)), generic, specific);
    }

    /** {@code (long size) -> long}: step(1, key(size)), the part of a rank-1 argument. */
    private static MethodHandle rank1(ShapeKeyer keyer, int index) {
        return MethodHandles.filterReturnValue(dimKey(keyer, index, 0, 1), MethodHandles.insertArguments(MIX, 0, 1L));
    }

    /** {@code (T[][] a) -> long}: step(step(2, key0(rows)), key1(cols)). */
    private static MethodHandle rank2(ShapeKeyer keyer, int index, Class<?> type) {
        MethodHandle rows = MethodHandles.arrayLength(type).asType(MethodType.methodType(long.class, type));
        MethodHandle cols = COLS.asType(MethodType.methodType(long.class, type));
        MethodHandle first = MethodHandles.filterReturnValue(MethodHandles.filterArguments(dimKey(keyer, index, 0, 2), 0, rows),
                MethodHandles.insertArguments(MIX, 0, 2L));                                                  // (a) -> long
        MethodHandle second = MethodHandles.filterArguments(dimKey(keyer, index, 1, 2), 0, cols);            // (a) -> long
        MethodHandle both = MethodHandles.filterArguments(MIX, 0, first, second);                            // (a, a) -> long
        return MethodHandles.permuteArguments(both, MethodType.methodType(long.class, type), 0, 0);
    }

    /** {@code (long size) -> long}: the key of one dimension, its bucket map bound in. */
    private static MethodHandle dimKey(ShapeKeyer keyer, int input, int dim, int rank) {
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
