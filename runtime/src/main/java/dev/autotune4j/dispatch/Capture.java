package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.SameAnswer;
import dev.autotune4j.profile.Shapes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the op calls of a block so that every combination of their (runner, tactic) pairs can be replayed,
 * to test that each tactic computes the right result (the reference's {@code capture()}/{@code replay()}).
 * Capture and replay apply to the thread that opened them. Each call's inputs are copied as they were when it was
 * made, so {@link #check} can compare every choice with the fallback by the tuner's own rule ({@link SameAnswer}).
 *
 * <pre>{@code
 * Capture capture;
 * try (Capture c = tuner.capture()) { capture = c; model.forward(x); }
 * for (List<Choice> combination : capture.combinations()) {
 *     try (var replay = capture.replay(combination)) { check(model.forward(x)); }
 * }
 * }</pre>
 */
public final class Capture implements AutoCloseable {
    private final AutoTuner tuner;
    private final List<TunableOp> ops = new ArrayList<>();
    private final List<Object[]> inputs = new ArrayList<>();
    private final Map<String, String> checked = new HashMap<>();
    private boolean open = true;

    Capture(AutoTuner tuner) {
        this.tuner = tuner;
    }

    void record(TunableOp op, Object[] args) {
        if (open) {
            ops.add(op);
            inputs.add(AnswerCheck.copyOf(args, tuner.answerRules().forOp(op.config)));
        }
    }

    /** Number of op calls captured. */
    public int size() {
        return ops.size();
    }

    /** The op name of each captured call, in order. */
    public List<String> ops() {
        return ops.stream().map(TunableOp::name).toList();
    }

    /**
     * The cartesian product over the captured calls of each call's valid (runner, tactic) pairs: element
     * {@code [k][i]} is the choice for captured call {@code i} in combination {@code k}.
     */
    public List<List<Choice>> combinations() {
        if (ops.isEmpty()) {
            throw new IllegalStateException("nothing was captured: call the ops inside the try-with-resources of "
                    + "AutoTuner.capture() before asking for combinations");
        }
        List<List<Choice>> perCall = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            TunableOp op = ops.get(i);
            Object[] args = inputs.get(i);
            Profile live = Profile.ofStatic(Shapes.shapes(args));
            List<Choice> choices = new ArrayList<>();
            for (int r = 0; r < op.runners.size(); r++) {
                Runner runner = op.runners.get(r);
                List<?> tactics = runner.validTactics(args, live);
                if (tactics != null) {
                    for (Object t : tactics) {
                        choices.add(new Choice(runner, t, r, r == 0 && t == Runner.FALLBACK));
                    }
                }
            }
            perCall.add(choices);
        }
        List<List<Choice>> out = new ArrayList<>();
        product(perCall, 0, new ArrayList<>(), out);
        return out;
    }

    private static void product(List<List<Choice>> perCall, int depth, List<Choice> prefix, List<List<Choice>> out) {
        if (depth == perCall.size()) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (Choice c : perCall.get(depth)) {
            prefix.add(c);
            product(perCall, depth + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    /**
     * Where each choice of {@code combination} computes another answer than its call's fallback on the captured
     * inputs, one line per such call ({@code op (call 2): buggy/99: at [0]: 10 expected, 11 returned}); empty when
     * all are the same by the op's rules ({@link SameAnswer}, its tolerances and outputs), the rules tuning uses.
     */
    public List<String> check(List<Choice> combination) {
        if (combination.size() != ops.size()) {
            throw new IllegalArgumentException("a combination needs one choice per captured call (" + ops.size()
                    + "), got " + combination.size());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < combination.size(); i++) {
            Choice c = combination.get(i);
            if (c.isFallback()) {
                continue;
            }
            int call = i;
            String d = checked.computeIfAbsent(call + "/" + c.runnerIndex() + "/" + c.tactic(), k -> difference(call, c));
            if (!d.isEmpty()) {
                out.add(ops.get(i).name + " (call " + i + "): " + describe(c) + ": " + d);
            }
        }
        return out;
    }

    /** "" when the choice computes the fallback's answer on call {@code i}'s inputs, else where it differs. */
    private String difference(int i, Choice c) {
        TunableOp op = ops.get(i);
        SameAnswer rules = tuner.answerRules().forOp(op.config);
        Object[] args = inputs.get(i);
        int[] outputs = AnswerCheck.comparableOutputs(op, rules, args);
        Object[] expected = null;
        Object[] actual = null;
        try {
            expected = AnswerCheck.answer(op.runners.get(0), Runner.FALLBACK, args, outputs, rules);
            actual = AnswerCheck.answer(c.runner(), c.tactic(), args, outputs, rules);
            String d = AnswerCheck.difference(expected, actual, outputs, rules);
            return d == null ? "" : "does not compute the fallback's answer: " + d;
        } catch (SameAnswer.Incomparable e) {
            AnswerCheck.warnIncomparable(op, e);
            return "";
        } catch (Exception e) {
            return (expected == null ? "the fallback" : "it") + " threw " + e;
        } finally {
            if (expected != null) {
                AnswerCheck.release(expected, args, outputs);
            }
            if (actual != null) {
                AnswerCheck.release(actual, args, outputs);
            }
        }
    }

    private static String describe(Choice c) {
        String runner = c.runner().id() == null || c.runner().id().isEmpty() ? c.runner().getClass().getSimpleName()
                : c.runner().id();
        return runner + "/" + c.tactic();
    }

    /** Replays one combination on this thread: the i-th op call in the block gets {@code combination.get(i)}. */
    public Replay replay(List<Choice> combination) {
        if (combination.size() != ops.size()) {
            throw new IllegalArgumentException("a combination needs one choice per captured call (" + ops.size()
                    + "), got " + combination.size());
        }
        Replay replay = new Replay(tuner, this, List.copyOf(combination));
        tuner.scopes().openReplay(replay);
        return replay;
    }

    TunableOp op(int index) {
        return ops.get(index);
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            tuner.scopes().closeCapture(this);
        }
    }

    /** An active replay: forces the captured calls' choices, in order, wrapping around after the last. */
    public static final class Replay implements AutoCloseable {
        private final AutoTuner tuner;
        private final Capture capture;
        private final List<Choice> choices;
        private int next;
        private boolean open = true;

        Replay(AutoTuner tuner, Capture capture, List<Choice> choices) {
            this.tuner = tuner;
            this.capture = capture;
            this.choices = choices;
        }

        Choice nextFor(TunableOp op) {
            int index = next;
            TunableOp expected = capture.op(index);
            if (!expected.name.equals(op.name)) {
                throw new ReplayMismatchException("autotune4j replay: call " + index + " was captured for op '"
                        + expected.name + "' but this call is for op '" + op.name
                        + "': replay the same sequence of op calls that was captured");
            }
            next = index + 1 == choices.size() ? 0 : index + 1;
            return choices.get(index);
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                tuner.scopes().closeReplay(this);
            }
        }
    }
}
