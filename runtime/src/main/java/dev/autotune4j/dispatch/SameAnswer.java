package dev.autotune4j.dispatch;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a candidate's result is the fallback's (issue 15): before a tactic's time may count, its answer on the
 * profile's inputs is compared with the fallback's. Integers, booleans, characters and strings must be equal;
 * floating-point values may differ by {@code atol + rtol * |expected|}, since a blocked or reordered reduction is
 * not bit-equal to a naive one. Arrays of any rank, boxed numbers, collections, maps and records are compared
 * element by element; other types by {@code equals} when they define it.
 */
public final class SameAnswer {
    /** float: a sum of a few thousand products reordered moves the last ~10 bits. */
    public static final double FLOAT_ATOL = 1e-5;
    public static final double FLOAT_RTOL = 1e-3;
    /** double: the same reorderings move the last ~20 bits of 52. */
    public static final double DOUBLE_ATOL = 1e-9;
    public static final double DOUBLE_RTOL = 1e-7;

    /** Thrown for a type this check cannot compare; the op's tactics are then not checked (reported once). */
    static final class Incomparable extends Exception {
        Incomparable(String type) {
            super(type, null, false, false);
        }
    }

    private SameAnswer() {
    }

    /** Null when {@code actual} is {@code expected} within each type's default tolerance; else where they differ. */
    static String difference(Object expected, Object actual) throws Incomparable {
        return new SameAnswer.Tolerance(Double.NaN, Double.NaN).difference(expected, actual, "");
    }

    /** Null when {@code actual} is {@code expected} within these tolerances (NaN: the type's default). */
    static String difference(Object expected, Object actual, double atol, double rtol) throws Incomparable {
        return new SameAnswer.Tolerance(atol, rtol).difference(expected, actual, "");
    }

    /** The tolerances of one comparison; NaN stands for the default of the value's type. */
    private record Tolerance(double atol, double rtol) {
        private String difference(Object e, Object a, String at) throws Incomparable {
            if (e == null || a == null) {
                return e == a ? null : at(at) + (e == null ? "null" : describe(e)) + " expected, " + (a == null ? "null" : describe(a)) + " returned";
            }
            if (e.getClass().isArray()) {
                if (!a.getClass().isArray() || a.getClass().getComponentType() != e.getClass().getComponentType()) {
                    return at(at) + "a " + e.getClass().getSimpleName() + " expected, a " + a.getClass().getSimpleName() + " returned";
                }
                int n = Array.getLength(e);
                if (Array.getLength(a) != n) {
                    return at(at) + "length " + n + " expected, " + Array.getLength(a) + " returned";
                }
                for (int i = 0; i < n; i++) {
                    String d = difference(Array.get(e, i), Array.get(a, i), at + "[" + i + "]");
                    if (d != null) {
                        return d;
                    }
                }
                return null;
            }
            if (e instanceof Double || e instanceof Float) {
                if (!(a instanceof Number n)) {
                    return at(at) + describe(e) + " expected, " + describe(a) + " returned";
                }
                double x = ((Number) e).doubleValue();
                double y = n.doubleValue();
                boolean isFloat = e instanceof Float;
                double atol = !Double.isNaN(this.atol) ? this.atol : isFloat ? FLOAT_ATOL : DOUBLE_ATOL;
                double rtol = !Double.isNaN(this.rtol) ? this.rtol : isFloat ? FLOAT_RTOL : DOUBLE_RTOL;
                if (Double.isNaN(x) ? Double.isNaN(y) : (x == y || Math.abs(x - y) <= atol + rtol * Math.abs(x))) {
                    return null;
                }
                return at(at) + x + " expected, " + y + " returned (|difference| " + Math.abs(x - y) + " > " + atol + " + "
                        + rtol + " x |expected|)";
            }
            if (e instanceof Number || e instanceof Boolean || e instanceof Character || e instanceof CharSequence
                    || e instanceof Enum<?>) {
                return Objects.equals(e, a) ? null : at(at) + describe(e) + " expected, " + describe(a) + " returned";
            }
            if (e instanceof List<?> el && a instanceof List<?> al) {
                return difference(el.toArray(), al.toArray(), at);
            }
            if (e instanceof Collection<?> ec && a instanceof Collection<?> ac) {
                return ec.size() != ac.size() ? at(at) + ec.size() + " elements expected, " + ac.size() + " returned"
                        : (Objects.equals(e, a) ? null : at(at) + "other elements returned");
            }
            if (e instanceof Map<?, ?> em && a instanceof Map<?, ?> am) {
                if (!em.keySet().equals(am.keySet())) {
                    return at(at) + "keys " + em.keySet() + " expected, " + am.keySet() + " returned";
                }
                for (Iterator<? extends Map.Entry<?, ?>> it = em.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<?, ?> entry = it.next();
                    String d = difference(entry.getValue(), am.get(entry.getKey()), at + "[" + entry.getKey() + "]");
                    if (d != null) {
                        return d;
                    }
                }
                return null;
            }
            if (e.getClass().isRecord() && a.getClass() == e.getClass()) {
                for (RecordComponent c : e.getClass().getRecordComponents()) {
                    try {
                        c.getAccessor().setAccessible(true);
                        String d = difference(c.getAccessor().invoke(e), c.getAccessor().invoke(a), at + "." + c.getName());
                        if (d != null) {
                            return d;
                        }
                    } catch (ReflectiveOperationException | RuntimeException x) {
                        throw new Incomparable(e.getClass().getName());
                    }
                }
                return null;
            }
            if (definesEquals(e.getClass())) {
                return e.equals(a) ? null : at(at) + describe(e) + " expected, " + describe(a) + " returned";
            }
            throw new Incomparable(e.getClass().getName());
    }
    }

    private static boolean definesEquals(Class<?> type) {
        try {
            return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String at(String at) {
        return at.isEmpty() ? "" : "at " + at + ": ";
    }

    private static String describe(Object x) {
        String s = String.valueOf(x);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
