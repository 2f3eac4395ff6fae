package dev.autotune4j.dispatch;

import dev.autotune4j.profile.KeyHandles;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Builds an op's fast path as one method handle, {@code (args) -> Route}: the three steps of a dispatch (see
 * {@link TunableOp}) with the shape key hashed and compared by {@link KeyHandles}, specialized to the parameter
 * types. Null means "take the slow path". The agent's call sites build it over their parameter types; the
 * API path ({@link TunableOp#choose}) over {@code Object} parameters spread from the inputs array, where the
 * handle is invoked often enough to be customized (its bound values compiled in as constants). Either way the
 * steps, the table and the decision are the op's own.
 */
public final class RouteHandles {
    private static final MethodHandle DECIDE;
    private static final MethodHandle NEEDS_COMPARE;
    private static final MethodHandle NOT_NULL;
    private static final MethodHandle KEY_OF;
    private static final MethodHandle PROBE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DECIDE = l.findStatic(RouteHandles.class, "decide",
                    MethodType.methodType(Route.class, TunableOp.class, boolean.class, Route.class));
            NEEDS_COMPARE = l.findStatic(RouteHandles.class, "needsCompare", MethodType.methodType(boolean.class, Route.class));
            NOT_NULL = l.findStatic(RouteHandles.class, "notNull", MethodType.methodType(boolean.class, Route.class));
            KEY_OF = l.findStatic(RouteHandles.class, "keyOf", MethodType.methodType(long[][].class, Route.class));
            PROBE = l.findVirtual(TunableOp.class, "probe", MethodType.methodType(Route.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RouteHandles() {
    }

    private static Route decide(TunableOp op, boolean matched, Route probed) {
        return op.decide(probed, matched);
    }

    private static boolean needsCompare(Route r) {
        return r != null && r.key != null;
    }

    private static boolean notNull(Route r) {
        return r != null;
    }

    private static long[][] keyOf(Route r) {
        return r.arrays;
    }

    /** {@code (long hash) -> Route}: the op's own probe. */
    public static MethodHandle probe(TunableOp op) {
        return PROBE.bindTo(op);
    }

    /**
     * {@code (args) -> Route}, null for the slow path.
     *
     * @param probe {@code (long hash) -> Route}: {@link #probe} or a caller's wrapper around it
     */
    public static MethodHandle fast(TunableOp op, List<Class<?>> params, MethodHandle probe) {
        KeyHandles key = new KeyHandles(op.keyer(), params);
        MethodHandle decided = MethodHandles.dropArguments(DECIDE.bindTo(op), 2, params);        // (boolean, Route, args)
        MethodHandle compare = MethodHandles.guardWithTest(
                MethodHandles.dropArguments(NEEDS_COMPARE, 1, params),
                MethodHandles.filterArguments(key.matcher(), 0, KEY_OF),
                MethodHandles.dropArguments(NOT_NULL, 1, params));                                // (Route, args) -> boolean
        MethodHandle probed = MethodHandles.foldArguments(decided, 0, compare);                  // (Route, args) -> Route
        MethodHandle hashed = MethodHandles.filterArguments(probed, 0, probe);                    // (long, args) -> Route
        return MethodHandles.foldArguments(hashed, 0, key.hash());      // (args) -> Route
    }

    /** {@code (Object[] inputs) -> Route} for inputs arrays of length {@code n}, for the API path. */
    static MethodHandle spread(TunableOp op, int n) {
        List<Class<?>> params = java.util.Collections.nCopies(n, Object.class);
        return fast(op, params, probe(op)).asSpreader(Object[].class, n);
    }
}
