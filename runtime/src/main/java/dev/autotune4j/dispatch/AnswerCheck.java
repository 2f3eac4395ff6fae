package dev.autotune4j.dispatch;

import dev.autotune4j.api.Runner;
import dev.autotune4j.internal.Log;
import dev.autotune4j.profile.InputSynthesizer;
import dev.autotune4j.profile.ShapeKey;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * The answer check of a tuning pass ({@code autotune4j.check=on}): each candidate's answer on the profile's inputs,
 * its return value and the output arguments it wrote ({@code TuningConfig.outputs}), is compared with the fallback's
 * ({@link SameAnswer}, with the op's tolerances) before its time may count.
 */
final class AnswerCheck {
    private static final Log LOG = Log.get(AnswerCheck.class);

    /** Runs a candidate's step under the pass's watchdog and budget; null when it failed (recorded by the pass). */
    interface Guard {
        <T> T run(TuningPass.Candidate c, ShapeKey key, Callable<T> step);
    }

    private final TunableOp op;
    private final Guard guard;
    private final BiConsumer<TuningPass.Candidate, String> wrong;

    /** {@code wrong}: called with a candidate that computes something else, and where. */
    AnswerCheck(TunableOp op, Guard guard, BiConsumer<TuningPass.Candidate, String> wrong) {
        this.op = op;
        this.guard = guard;
        this.wrong = wrong;
    }

    /**
     * Runs the fallback once, then every other candidate once, each on its own copy of the inputs, and fails each
     * candidate whose answer is not the fallback's ({@link SameAnswer}): a wrong tactic must never win, however fast.
     */
    void check(List<TuningPass.Candidate> candidates, ShapeKey key, Object[] inputs) {
        TuningPass.Candidate fallback = null;
        for (TuningPass.Candidate c : candidates) {
            if (c.runner == 0 && c.tactic == Runner.FALLBACK && !c.failed) {
                fallback = c;
            }
        }
        if (fallback == null) {
            return;
        }
        int[] outputs = comparableOutputs(inputs);
        Runner first = op.runners.get(0);
        Object[] expected = guard.run(fallback, key, () -> answer(first, Runner.FALLBACK, inputs, outputs));
        if (expected == null) {
            return;
        }
        for (TuningPass.Candidate c : candidates) {
            if (c == fallback || c.failed) {
                continue;
            }
            Runner runner = op.runners.get(c.runner);
            Object[] actual = guard.run(c, key, () -> answer(runner, c.tactic, inputs, outputs));
            if (actual == null) {
                continue;
            }
            String difference;
            try {
                difference = SameAnswer.difference(expected[0], actual[0], op.config.atol(), op.config.rtol());
                for (int k = 0; k < outputs.length && difference == null; k++) {
                    difference = SameAnswer.difference(expected[k + 1], actual[k + 1], op.config.atol(), op.config.rtol());
                    difference = difference == null ? null : "in output argument " + outputs[k] + ", " + difference;
                }
            } catch (SameAnswer.Incomparable e) {
                if (op.tuner.logOnce().first(List.of(op.name, "incomparable"))) {
                    LOG.warn("autotune4j: op '{}' returns {}, which the answer check cannot compare, so its tactics are "
                            + "not checked against the fallback (return arrays, numbers, collections or records, or a "
                            + "type with equals)", op.name, e.getMessage());
                }
                return;
            }
            if (difference != null) {
                wrong.accept(c, difference);
            }
        }
    }

    /** One run on copies of the inputs: its return value, then the output arguments as it left them. */
    private static Object[] answer(Runner runner, Object tactic, Object[] inputs, int[] outputs) throws Exception {
        Object[] copies = copyOf(inputs);
        Object[] out = new Object[outputs.length + 1];
        out[0] = runner.run(copies, tactic);
        for (int k = 0; k < outputs.length; k++) {
            out[k + 1] = copies[outputs[k]];
        }
        return out;
    }

    /** The op's declared output arguments that can be copied (each run needs its own), the others reported once. */
    private int[] comparableOutputs(Object[] inputs) {
        return java.util.Arrays.stream(op.config.outputs()).filter(i -> {
            boolean ok = i < inputs.length && InputSynthesizer.copy(inputs[i]) != null;
            if (!ok && op.tuner.logOnce().first(List.of(op.name, "uncopyable-output", i))) {
                LOG.warn("autotune4j: op '{}': output argument {} is {}, which cannot be copied for each run, so the "
                        + "answer check does not compare it (an array can be)", op.name, i,
                        i < inputs.length && inputs[i] != null ? inputs[i].getClass().getName() : "missing");
            }
            return ok;
        }).toArray();
    }

    /** Each argument copied where it can be (an array), so that a tactic writing into its inputs changes no other's. */
    private static Object[] copyOf(Object[] inputs) {
        Object[] out = new Object[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Object copy = InputSynthesizer.copy(inputs[i]);
            out[i] = copy != null ? copy : inputs[i];
        }
        return out;
    }
}
