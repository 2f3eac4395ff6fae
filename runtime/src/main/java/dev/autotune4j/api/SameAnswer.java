package dev.autotune4j.api;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What "the same answer" means, once for the tuner and for tests (issue 15): before a candidate's time may count,
 * its answer on the profile's inputs is compared with the fallback's; {@code Capture.check} and the JUnit
 * extension {@code @EveryTactic} compare with the same rules. Integers, booleans, characters and strings must be
 * equal; floating-point values may differ by {@code atol + rtol * |expected|}, since a blocked or reordered
 * reduction is not bit-equal to a naive one. Arrays of any rank, boxed numbers, collections, maps and records are
 * compared element by element, registered {@link AnswerType}s first; a {@link ShapedInput} of another shape
 * differs; other types are compared by {@code equals} when they define it, anything else is {@link Incomparable}.
 *
 * <pre>{@code
 * String where = SameAnswer.within(1e-4, 1e-3).difference(expected, actual);  // null: the same answer
 * }</pre>
 */
public final class SameAnswer {
    /**
     * float: a sum of a few thousand products reordered moves the last ~10 of 24 bits, a relative 1e-4; 1e-3 leaves
     * room for fused multiply-adds and a GPU's different summation tree, and still catches a wrong element.
     */
    public static final double FLOAT_ATOL = 1e-5;
    public static final double FLOAT_RTOL = 1e-3;
    /** double: the same reorderings move the last ~20 bits of 52. */
    public static final double DOUBLE_ATOL = 1e-9;
    public static final double DOUBLE_RTOL = 1e-7;

    private static final SameAnswer DEFAULTS = new SameAnswer(Double.NaN, Double.NaN, List.of());

    /** Thrown for a value that no rule and no registered {@link AnswerType} can compare. */
    public static final class Incomparable extends RuntimeException {
        public Incomparable(String type) {
            super(type, null, false, false);
        }
    }

    private final double atol;
    private final double rtol;
    private final List<AnswerType<?>> types;

    private SameAnswer(double atol, double rtol, List<AnswerType<?>> types) {
        if (atol < 0 || rtol < 0) {
            throw new IllegalArgumentException("tolerances must be >= 0 (or NaN for the type's default), got atol "
                    + atol + ", rtol " + rtol);
        }
        this.atol = atol;
        this.rtol = rtol;
        this.types = List.copyOf(types);
    }

    /** Each type's default tolerance, no registered types. */
    public static SameAnswer defaults() {
        return DEFAULTS;
    }

    /** These floating-point tolerances; NaN for either stands for the value's type default. */
    public static SameAnswer within(double atol, double rtol) {
        return new SameAnswer(atol, rtol, List.of());
    }

    /** These rules, consulting {@code types} (in order) before the built-in ones. */
    public SameAnswer with(List<? extends AnswerType<?>> types) {
        List<AnswerType<?>> all = new ArrayList<>(types);
        all.addAll(this.types);
        return new SameAnswer(atol, rtol, all);
    }

    /** The absolute tolerance for floating-point values; NaN: the type's default. */
    public double atol() {
        return atol;
    }

    /** The relative tolerance for floating-point values; NaN: the type's default. */
    public double rtol() {
        return rtol;
    }

    /** The registered type for {@code value}, or null. */
    public AnswerType<?> typeOf(Object value) {
        for (AnswerType<?> t : types) {
            if (t.type().isInstance(value)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Null when {@code actual} is {@code expected} under these rules; else where they first differ
     * ({@code at [3]: 8.0 expected, 9.0 returned ...}).
     *
     * @throws Incomparable for a value no rule can compare
     */
    public String difference(Object expected, Object actual) {
        return difference(expected, actual, "");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private String difference(Object e, Object a, String at) {
        if (e != null && a != null) {
            AnswerType type = typeOf(e);
            if (type != null) {
                if (!type.type().isInstance(a)) {
                    return at(at) + "a " + e.getClass().getSimpleName() + " expected, a " + a.getClass().getSimpleName()
                            + " returned";
                }
                String d = type.difference(e, a, this);
                return d == null ? null : at(at) + d;
            }
        }
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
            if (e.getClass().getComponentType().isPrimitive()) {
                int i = firstDifference(e, a);
                return i < 0 ? null : difference(Array.get(e, i), Array.get(a, i), at + "[" + i + "]");
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
            if (close(x, y, atol, rtol)) {
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
        if (e instanceof ShapedInput se && a instanceof ShapedInput sa) {
            String shapes = shapeDifference(se, sa);
            if (shapes != null) {
                return at(at) + shapes;
            }
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

    /**
     * The first index where two primitive arrays of one type and length differ under these rules, or -1: a loop
     * without boxing, since an output of millions of elements (a GPU tensor copied back) is compared once per
     * candidate and profile.
     */
    private int firstDifference(Object e, Object a) {
        if (e instanceof float[] x) {
            float[] y = (float[]) a;
            double at = Double.isNaN(atol) ? FLOAT_ATOL : atol;
            double rt = Double.isNaN(rtol) ? FLOAT_RTOL : rtol;
            for (int i = 0; i < x.length; i++) {
                if (!close(x[i], y[i], at, rt)) {
                    return i;
                }
            }
            return -1;
        }
        if (e instanceof double[] x) {
            double[] y = (double[]) a;
            double at = Double.isNaN(atol) ? DOUBLE_ATOL : atol;
            double rt = Double.isNaN(rtol) ? DOUBLE_RTOL : rtol;
            for (int i = 0; i < x.length; i++) {
                if (!close(x[i], y[i], at, rt)) {
                    return i;
                }
            }
            return -1;
        }
        if (e instanceof int[] x) {
            return java.util.Arrays.mismatch(x, (int[]) a);
        }
        if (e instanceof long[] x) {
            return java.util.Arrays.mismatch(x, (long[]) a);
        }
        if (e instanceof byte[] x) {
            return java.util.Arrays.mismatch(x, (byte[]) a);
        }
        if (e instanceof short[] x) {
            return java.util.Arrays.mismatch(x, (short[]) a);
        }
        if (e instanceof char[] x) {
            return java.util.Arrays.mismatch(x, (char[]) a);
        }
        return java.util.Arrays.mismatch((boolean[]) e, (boolean[]) a);
    }

    private static boolean close(double x, double y, double atol, double rtol) {
        return Double.isNaN(x) ? Double.isNaN(y) : (x == y || Math.abs(x - y) <= atol + rtol * Math.abs(x));
    }

    /** A shaped value of another shape is another answer; the same shape says nothing of the contents. */
    private static String shapeDifference(ShapedInput e, ShapedInput a) {
        long[] es = new long[e.rank()];
        long[] as = new long[a.rank()];
        for (int i = 0; i < es.length; i++) {
            es[i] = e.dim(i);
        }
        for (int i = 0; i < as.length; i++) {
            as[i] = a.dim(i);
        }
        return java.util.Arrays.equals(es, as) ? null
                : "shape " + java.util.Arrays.toString(es) + " expected, " + java.util.Arrays.toString(as) + " returned";
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
