package dev.autotune4j.profile;

import dev.autotune4j.api.ShapeReader;
import dev.autotune4j.api.ShapeReaders;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * An inline cache for one argument of a type whose shape is read at run time (a {@code ShapedInput}, a type
 * with a registered {@code ShapeReader}, anything declared as an interface or {@code Object}): its hash step
 * and key comparison start generic and, at the first call, relink to handles specialized to the class and rank
 * of the value seen, guarded by {@code x.getClass() == C && rank(x) == r}. Past the guard the JIT knows the exact
 * class, so the reader's calls are devirtualized and inlined, and each dim's bucket map is bound in as a
 * constant. The guard also checks that no {@link ShapeReaders} registration happened since, which could change
 * how the class is read. A value of another class or rank relinks both handles; after {@link #MAX_RELINKS} the
 * argument stays generic (the shared {@link ShapeKeyer} path), which is always right, only slower.
 */
final class ArgKeyCache {
    static final int MAX_RELINKS = 4;

    private final ShapeKeyer keyer;
    private final int index;
    private final Class<?> type;
    private final MutableCallSite step;
    private final MutableCallSite match;
    private final MethodHandle genericStep;
    private final MethodHandle genericMatch;
    private int relinks;

    ArgKeyCache(ShapeKeyer keyer, int index, Class<?> type) {
        this.keyer = keyer;
        this.index = index;
        this.type = type;
        this.genericStep = MethodHandles.insertArguments(GENERIC_STEP.bindTo(keyer), 1, index)
                .asType(MethodType.methodType(long.class, long.class, type));
        this.genericMatch = MethodHandles.insertArguments(GENERIC_MATCH.bindTo(keyer), 1, index)
                .asType(MethodType.methodType(boolean.class, long[][].class, type));
        this.step = new MutableCallSite(genericStep.type());
        this.match = new MutableCallSite(genericMatch.type());
        MethodHandle learnStep = LEARN_STEP.bindTo(this).asType(genericStep.type());
        MethodHandle learnMatch = LEARN_MATCH.bindTo(this).asType(genericMatch.type());
        step.setTarget(learnStep);
        match.setTarget(learnMatch);
    }

    /** {@code (long acc, T x) -> long}. */
    MethodHandle step() {
        return step.dynamicInvoker();
    }

    /** {@code (long[][] k, T x) -> boolean}. */
    MethodHandle match() {
        return match.dynamicInvoker();
    }

    private long learnStep(long acc, Object x) {
        if (x != null) {
            relink(x);
        }
        return keyer.step(acc, index, x);
    }

    private boolean learnMatch(long[][] k, Object x) {
        if (x != null) {
            relink(x);
        }
        return keyer.matches(k, index, x);
    }

    private synchronized void relink(Object x) {
        if (relinks >= MAX_RELINKS) {
            step.setTarget(genericStep);
            match.setTarget(genericMatch);
        } else {
            relinks++;
            Class<?> c = x.getClass();
            Shapes.Reader reader = Shapes.readerOf(c);
            int rank = reader.rank(x);
            MethodHandle rankOf = bound(reader, RANK_FOREIGN, RANK_READER, c);                     // (C) -> int
            MethodHandle isSame = MethodHandles.guardWithTest(
                    MethodHandles.insertArguments(SAME_CLASS, 0, c, ShapeReaders.generation())
                            .asType(MethodType.methodType(boolean.class, type)),
                    MethodHandles.filterReturnValue(
                            MethodHandles.explicitCastArguments(rankOf, MethodType.methodType(int.class, type)),
                            MethodHandles.insertArguments(EQUALS, 1, rank)),
                    MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, type));  // (T) -> boolean
            MethodHandle learnStep = LEARN_STEP.bindTo(this).asType(genericStep.type());
            MethodHandle learnMatch = LEARN_MATCH.bindTo(this).asType(genericMatch.type());
            step.setTarget(MethodHandles.guardWithTest(MethodHandles.dropArguments(isSame, 0, long.class),
                    specificStep(reader, c, rank), learnStep));
            match.setTarget(MethodHandles.guardWithTest(MethodHandles.dropArguments(isSame, 0, long[][].class),
                    specificMatch(reader, c, rank), learnMatch));
        }
        MutableCallSite.syncAll(new MutableCallSite[] {step, match});
    }

    /** {@code (long acc, T x) -> long} for a value of class c and the given rank. */
    private MethodHandle specificStep(Shapes.Reader reader, Class<?> c, int rank) {
        MethodHandle h = MethodHandles.insertArguments(STEP, 1, (long) rank);                    // (acc) -> long
        h = MethodHandles.dropArguments(h, 1, type);                                             // (acc, x)
        for (int d = 0; d < rank; d++) {
            MethodHandle dim = MethodHandles.filterReturnValue(dimOf(reader, c, d), dimKey(d, rank)); // (T) -> long
            MethodHandle next = MethodHandles.filterArguments(STEP, 1, dim);                     // (h, x)
            h = MethodHandles.collectArguments(next, 0, h);                                       // (acc, x, x)
            h = MethodHandles.permuteArguments(h, MethodType.methodType(long.class, long.class, type), 0, 1, 1);
        }
        return h;
    }

    /** {@code (long[][] k, T x) -> boolean} for a value of class c and the given rank. */
    private MethodHandle specificMatch(Shapes.Reader reader, Class<?> c, int rank) {
        MethodHandle all = MethodHandles.dropArguments(
                MethodHandles.insertArguments(RANK_IS, 1, index, rank), 1, type);               // (k, x) -> boolean
        MethodHandle no = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, long[][].class, type);
        for (int d = rank - 1; d >= 0; d--) {
            MethodHandle dim = MethodHandles.filterReturnValue(dimOf(reader, c, d), dimKey(d, rank));
            MethodHandle test = MethodHandles.filterArguments(MethodHandles.insertArguments(DIM_IS, 1, index, d), 1, dim);
            all = MethodHandles.guardWithTest(all, test, no);
        }
        return all;
    }

    /** {@code (T x) -> long}: dim d of x, the reader bound in as a constant. */
    private MethodHandle dimOf(Shapes.Reader reader, Class<?> c, int d) {
        MethodHandle dim = MethodHandles.insertArguments(bound(reader, DIM_FOREIGN, DIM_READER, c), 1, d);
        return MethodHandles.explicitCastArguments(dim, MethodType.methodType(long.class, type));
    }

    /** A reader method bound to the most specific reader: the registered {@link ShapeReader} itself, if any. */
    private static MethodHandle bound(Shapes.Reader reader, MethodHandle foreign, MethodHandle builtIn, Class<?> c) {
        ShapeReader<Object> registered = reader.foreign();
        MethodHandle h = registered != null ? foreign.bindTo(registered) : builtIn.bindTo(reader);
        return h.asType(h.type().changeParameterType(0, c));
    }

    private MethodHandle dimKey(int dim, int rank) {
        return KeyHandles.dimKey(keyer, index, dim, rank);
    }

    /** The guard's first half: the class seen, and no reader registered since (it could change the reading). */
    private static boolean sameClass(Class<?> c, int generation, Object x) {
        return x != null && x.getClass() == c && ShapeReaders.generation() == generation;
    }

    private static boolean equalsInt(int a, int b) {
        return a == b;
    }

    private static boolean rankIs(long[][] k, int i, int rank) {
        return k[i].length == rank;
    }

    private static boolean dimIs(long[][] k, int i, int d, long key) {
        return k[i][d] == key;
    }

    private static final MethodHandle GENERIC_STEP;
    private static final MethodHandle GENERIC_MATCH;
    private static final MethodHandle LEARN_STEP;
    private static final MethodHandle LEARN_MATCH;
    private static final MethodHandle SAME_CLASS;
    private static final MethodHandle EQUALS;
    private static final MethodHandle RANK_IS;
    private static final MethodHandle DIM_IS;
    private static final MethodHandle STEP;
    private static final MethodHandle RANK_FOREIGN;
    private static final MethodHandle DIM_FOREIGN;
    private static final MethodHandle RANK_READER;
    private static final MethodHandle DIM_READER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            GENERIC_STEP = l.findVirtual(ShapeKeyer.class, "step",
                    MethodType.methodType(long.class, long.class, int.class, Object.class));
            GENERIC_MATCH = l.findVirtual(ShapeKeyer.class, "matches",
                    MethodType.methodType(boolean.class, long[][].class, int.class, Object.class));
            LEARN_STEP = l.findVirtual(ArgKeyCache.class, "learnStep", MethodType.methodType(long.class, long.class, Object.class));
            LEARN_MATCH = l.findVirtual(ArgKeyCache.class, "learnMatch",
                    MethodType.methodType(boolean.class, long[][].class, Object.class));
            SAME_CLASS = l.findStatic(ArgKeyCache.class, "sameClass",
                    MethodType.methodType(boolean.class, Class.class, int.class, Object.class));
            EQUALS = l.findStatic(ArgKeyCache.class, "equalsInt", MethodType.methodType(boolean.class, int.class, int.class));
            RANK_IS = l.findStatic(ArgKeyCache.class, "rankIs",
                    MethodType.methodType(boolean.class, long[][].class, int.class, int.class));
            DIM_IS = l.findStatic(ArgKeyCache.class, "dimIs",
                    MethodType.methodType(boolean.class, long[][].class, int.class, int.class, long.class));
            STEP = l.findStatic(ShapeKey.class, "step", MethodType.methodType(long.class, long.class, long.class));
            RANK_FOREIGN = l.findVirtual(ShapeReader.class, "rank", MethodType.methodType(int.class, Object.class));
            DIM_FOREIGN = l.findVirtual(ShapeReader.class, "dim", MethodType.methodType(long.class, Object.class, int.class));
            RANK_READER = l.findVirtual(Shapes.Reader.class, "rank", MethodType.methodType(int.class, Object.class));
            DIM_READER = l.findVirtual(Shapes.Reader.class, "dim", MethodType.methodType(long.class, Object.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
