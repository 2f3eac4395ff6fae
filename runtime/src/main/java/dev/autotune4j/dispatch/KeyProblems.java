package dev.autotune4j.dispatch;

import dev.autotune4j.internal.Log;
import dev.autotune4j.profile.Shapes;

import java.util.List;

/**
 * Arguments an op cannot key as it declares: reported once per op, argument and type, with the fix, and counted
 * as a failure in the op's statistics; such calls run the fallback. Also warns, once, of an argument whose type
 * has no readable shape at all, since then one choice serves all its sizes.
 */
final class KeyProblems {
    private static final Log LOG = Log.get(KeyProblems.class);

    private KeyProblems() {
    }

    /** Why these inputs cannot be keyed as {@code op} declares (a declared dim the argument lacks), or null. */
    static String of(TunableOp op, Object[] inputs) {
        String problem = null;
        for (int i = 0; i < inputs.length; i++) {
            Object x = inputs[i];
            String why = op.keyer.unreadable(i, x);
            Shapes.Reader reader = Shapes.reader(x);
            String type = x == null ? "null" : x.getClass().getName();
            String fix = reader.known() ? "" : "; register a reader for its type (ShapeReaders.register(" + type
                    + ".class, ...)) or implement dev.autotune4j.api.ShapedInput";
            if (why != null) {
                if (op.tuner.logOnce().first(List.of(op.name, "unkeyable", i, type))) {
                    LOG.error("autotune4j: op '{}': argument {} ({}) cannot be keyed: {}{}; the op runs its fallback "
                            + "for such calls", op.name, i, type, why, fix.isEmpty() ? "; declare only dims it has" : fix);
                    op.stats.recordFailure(new Failure(op.name, "argument " + i, "-", type, why + fix));
                }
                problem = why;
            } else if (!reader.known() && op.tuner.logOnce().first(List.of(op.name, "shapeless", i, type))) {
                LOG.warn("autotune4j: op '{}': argument {} is a {}, whose shape autotune4j cannot read, so its size "
                        + "does not select the choice: one choice serves all its sizes{}", op.name, i, type, fix);
            }
        }
        return problem;
    }
}
