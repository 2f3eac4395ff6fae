package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.profile.Shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the op calls of a block so that every combination of their (runner, tactic) pairs can be replayed,
 * to test that each tactic computes the right result (the reference's {@code capture()}/{@code replay()}).
 * Capture and replay apply to the thread that opened them.
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
    private boolean open = true;

    Capture(AutoTuner tuner) {
        this.tuner = tuner;
    }

    void record(TunableOp op, Object[] args) {
        if (open) {
            ops.add(op);
            inputs.add(args.clone());
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

    /** Replays one combination on this thread: the i-th op call in the block gets {@code combination.get(i)}. */
    public Replay replay(List<Choice> combination) {
        if (combination.size() != ops.size()) {
            throw new IllegalArgumentException("a combination needs one choice per captured call (" + ops.size()
                    + "), got " + combination.size());
        }
        return tuner.openReplay(new Replay(tuner, this, List.copyOf(combination)));
    }

    TunableOp op(int index) {
        return ops.get(index);
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            tuner.closeCapture(this);
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
                tuner.closeReplay(this);
            }
        }
    }
}
