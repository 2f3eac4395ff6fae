package dev.autotune4j.dispatch;

import dev.autotune4j.api.AnswerType;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.SameAnswer;
import dev.autotune4j.internal.Log;
import dev.autotune4j.profile.InputSynthesizer;
import dev.autotune4j.profile.ShapeKey;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * The answer check of a tuning pass ({@code autotune4j.check=on}): each candidate's answer on the profile's inputs,
 * its return value and the output arguments it wrote ({@code TuningConfig.outputs}), is compared with the fallback's
 * ({@link SameAnswer}, with the op's {@link AnswerRules}) before its time may count. Its time is counted apart
 * (the statistics' {@code checkMillis}), so its cost can be read beside the tuning time.
 */
final class AnswerCheck {
    private static final Log LOG = Log.get(AnswerCheck.class);

    /** Runs a candidate's step under the pass's watchdog and budget; null when it failed (recorded by the pass). */
    interface Guard {
        <T> T run(Candidate c, ShapeKey key, Callable<T> step);
    }

    private final TunableOp op;
    private final Guard guard;
    private final BiConsumer<Candidate, String> wrong;
    private final SameAnswer rules;

    /** {@code wrong}: called with a candidate that computes something else, and where. */
    AnswerCheck(TunableOp op, Guard guard, BiConsumer<Candidate, String> wrong) {
        this.op = op;
        this.guard = guard;
        this.wrong = wrong;
        this.rules = op.tuner.answerRules().forOp(op.config);
    }

    /**
     * Runs the fallback once, then every other candidate once, each on its own copy of the inputs, and fails each
     * candidate whose answer is not the fallback's ({@link SameAnswer}): a wrong tactic must never win, however fast.
     */
    void check(List<Candidate> candidates, ShapeKey key, Object[] inputs) {
        long t0 = System.nanoTime();
        try {
            checkAll(candidates, key, inputs);
        } finally {
            op.stats.checkNanos.add(System.nanoTime() - t0);
        }
    }

    private void checkAll(List<Candidate> candidates, ShapeKey key, Object[] inputs) {
        Candidate fallback = null;
        for (Candidate c : candidates) {
            if (c.runner == 0 && c.tactic == Runner.FALLBACK && !c.failed) {
                fallback = c;
            }
        }
        if (fallback == null) {
            return;
        }
        int[] outputs = comparableOutputs(op, rules, inputs);
        Runner first = op.runners.get(0);
        Object[] expected = guard.run(fallback, key, () -> answer(first, Runner.FALLBACK, inputs, outputs, rules));
        if (expected == null) {
            return;
        }
        if (expected[0] == null && outputs.length == 0) {
            if (op.tuner.logOnce().first(List.of(op.name, "no-answer"))) {
                LOG.warn("autotune4j: op '{}' returns nothing and declares no output argument, so the answer check has "
                        + "nothing to compare: name the arguments it writes into (@Tunable(outputs = ...) or "
                        + "TuningConfig.Builder.outputs)", op.name);
            }
            return;
        }
        try {
            for (Candidate c : candidates) {
                if (c != fallback && !c.failed && !compare(c, key, inputs, outputs, expected)) {
                    return;
                }
            }
        } finally {
            release(expected, inputs, outputs);
        }
    }

    /** Fails {@code c} when its answer differs; false when the answers cannot be compared (then none are). */
    private boolean compare(Candidate c, ShapeKey key, Object[] inputs, int[] outputs, Object[] expected) {
        Runner runner = op.runners.get(c.runner);
        Object[] actual = guard.run(c, key, () -> answer(runner, c.tactic, inputs, outputs, rules));
        if (actual == null) {
            return true;
        }
        String difference;
        try {
            difference = difference(expected, actual, outputs, rules);
        } catch (SameAnswer.Incomparable e) {
            warnIncomparable(op, e);
            return false;
        } catch (RuntimeException e) {
            // an AnswerType that throws (a device copy that failed): not shown to be the same answer, so it cannot win
            difference = "its answer could not be compared: " + e;
        } finally {
            release(actual, inputs, outputs);
        }
        if (difference != null) {
            wrong.accept(c, difference);
        }
        return true;
    }

    /** Null when two answers of {@link #answer} are the same; else where they differ (the output named). */
    static String difference(Object[] expected, Object[] actual, int[] outputs, SameAnswer rules) {
        String difference = rules.difference(expected[0], actual[0]);
        for (int k = 0; k < outputs.length && difference == null; k++) {
            difference = rules.difference(expected[k + 1], actual[k + 1]);
            difference = difference == null ? null : "in output argument " + outputs[k] + ", " + difference;
        }
        return difference;
    }

    static void warnIncomparable(TunableOp op, SameAnswer.Incomparable e) {
        if (op.tuner.logOnce().first(List.of(op.name, "incomparable"))) {
            LOG.warn("autotune4j: op '{}' returns {}, which the answer check cannot compare, so its tactics are "
                    + "not checked against the fallback (return arrays, numbers, collections or records, or a "
                    + "type with equals, or register an AnswerType for it)", op.name, e.getMessage());
        }
    }

    /**
     * One run on copies of the inputs: its return value, then the output arguments as it left them. Copies that
     * are not outputs are released at once (a device tensor's memory), the outputs by {@link #release}.
     */
    static Object[] answer(Runner runner, Object tactic, Object[] inputs, int[] outputs, SameAnswer rules)
            throws Exception {
        Object[] copies = copyOf(inputs, rules);
        boolean returned = false;
        try {
            Object[] out = new Object[outputs.length + 1];
            out[0] = runner.run(copies, tactic);
            for (int k = 0; k < outputs.length; k++) {
                out[k + 1] = copies[outputs[k]];
            }
            returned = true;
            return out;
        } finally {
            for (int i = 0; i < copies.length; i++) {
                int index = i;
                if (!returned || java.util.Arrays.stream(outputs).noneMatch(o -> o == index)) {
                    closeCopy(copies[i], inputs[i]);
                }
            }
        }
    }

    static void release(Object[] answer, Object[] inputs, int[] outputs) {
        for (int k = 0; k < outputs.length; k++) {
            closeCopy(answer[k + 1], inputs[outputs[k]]);
        }
    }

    /** Frees a copy the check made (a device tensor); a shared original is left alone. */
    private static void closeCopy(Object copy, Object original) {
        if (copy != original && copy instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("autotune4j: a copy made for the answer check did not close: {}", e.toString());
            }
        }
    }

    /** The op's declared output arguments that can be copied (each run needs its own), the others reported once. */
    static int[] comparableOutputs(TunableOp op, SameAnswer rules, Object[] inputs) {
        return java.util.Arrays.stream(op.config.outputs()).filter(i -> {
            Object probe = i < inputs.length ? copy(inputs[i], rules) : null;
            boolean ok = probe != null;
            if (ok) {
                closeCopy(probe, inputs[i]);
            }
            if (!ok && op.tuner.logOnce().first(List.of(op.name, "uncopyable-output", i))) {
                LOG.warn("autotune4j: op '{}': output argument {} is {}, which cannot be copied for each run, so the "
                        + "answer check does not compare it (an array can be; register an AnswerType with a copy for "
                        + "another type)", op.name, i,
                        i < inputs.length && inputs[i] != null ? inputs[i].getClass().getName() : "missing");
            }
            return ok;
        }).toArray();
    }

    /**
     * Each argument copied where it can be (an array, a registered type with a copy), so that a tactic writing into
     * its inputs changes no other's.
     */
    static Object[] copyOf(Object[] inputs, SameAnswer rules) {
        Object[] out = new Object[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Object copy = copy(inputs[i], rules);
            out[i] = copy != null ? copy : inputs[i];
        }
        return out;
    }

    /** A copy of {@code value} a run may write into, or null when it cannot be copied. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object copy(Object value, SameAnswer rules) {
        AnswerType type = value == null ? null : rules.typeOf(value);
        return type != null ? type.copy(value) : InputSynthesizer.copy(value);
    }
}
