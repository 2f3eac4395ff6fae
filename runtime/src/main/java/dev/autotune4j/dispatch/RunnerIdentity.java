package dev.autotune4j.dispatch;

import dev.autotune4j.api.Runner;
import dev.autotune4j.internal.Log;
import dev.autotune4j.internal.LogOnce;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rule that keys a runner in the cache: its class (or the class a {@code NamedRunner} stands for) and its
 * {@link Runner#id()} (a record's component values by default, {@code ""} for other classes). Two instances with
 * one key share cached choices: right when they are interchangeable, wrong when their attributes differ. In one
 * list that is an error; across the lists bound to one op name it is reported once (see {@link #warnOfLookAlikes}).
 */
final class RunnerIdentity {
    private static final Log LOG = Log.get(RunnerIdentity.class);

    private RunnerIdentity() {
    }

    /** The ids of an op's runners; a null runner, or two runners with one key, is an error naming the fix. */
    static String[] ids(String op, List<? extends Runner> runners) {
        String[] ids = new String[runners.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.length; i++) {
            Runner r = runners.get(i);
            if (r == null) {
                throw new IllegalArgumentException("op '" + op + "': runner " + i + " is null");
            }
            ids[i] = r.id();
            if (!seen.add(TunableOp.runnerClassOf(r) + "|" + ids[i])) {
                throw new IllegalArgumentException("op '" + op + "': runners " + TunableOp.runnerClassOf(r)
                        + " appear twice with the same id '" + ids[i] + "': override Runner.id() so that instances "
                        + "with different attributes get different cache keys");
            }
        }
        return ids;
    }

    /** Whether a bound op has runners with these keys, in this order. */
    static boolean same(TunableOp b, List<? extends Runner> runners, String[] ids) {
        if (b.runners.size() != runners.size()) {
            return false;
        }
        for (int i = 0; i < ids.length; i++) {
            if (!b.runnerClasses[i].equals(TunableOp.runnerClassOf(runners.get(i))) || !b.runnerIds[i].equals(ids[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Says once when an op name is bound to two different instances of one class with one id: the tuner cannot
     * tell whether they differ, so it does not let one silently get the other's choices. Instances that are
     * {@code equals} (records with equal components), and classes with no instance fields, are interchangeable
     * and pass quietly.
     */
    static void warnOfLookAlikes(String op, TunableOp[] bound, List<? extends Runner> runners, String[] ids, LogOnce once) {
        for (int i = 0; i < runners.size(); i++) {
            Runner r = runners.get(i);
            for (TunableOp b : bound) {
                for (int j = 0; j < b.runners.size(); j++) {
                    Runner other = b.runners.get(j);
                    if (other != r && other.getClass() == r.getClass() && b.runnerIds[j].equals(ids[i])
                            && !other.equals(r) && hasInstanceFields(r.getClass())
                            && once.first(List.of(op, "look-alike", r.getClass().getName(), ids[i]))) {
                        LOG.warn("autotune4j: op '{}' is bound to two different instances of {} with the same id '{}': "
                                + "they share cache entries, so one gets the other's tuned choices. If their attributes "
                                + "differ, override Runner.id() to include them (or make the runner a record); if they "
                                + "do not, reuse one instance", op, r.getClass().getName(), ids[i]);
                    }
                }
            }
        }
    }

    private static boolean hasInstanceFields(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                    return true;
                }
            }
        }
        return false;
    }
}
