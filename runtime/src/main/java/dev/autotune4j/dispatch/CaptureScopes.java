package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;

import java.util.function.Predicate;

/**
 * The capture and replay scopes open on each thread ({@link Capture}), innermost first, and how many are open in the
 * process: while any is, every op call takes the slow path (the owner is told to close its fast tables).
 */
final class CaptureScopes {
    private final ThreadLocal<Scope> scope = new ThreadLocal<>();
    private final Runnable onChange;
    private volatile int open;

    private static final class Scope {
        Capture capture;
        Capture.Replay replay;
        Scope outer;
    }

    /** {@code onChange}: run after every open and close, once the new count is visible. */
    CaptureScopes(Runnable onChange) {
        this.onChange = onChange;
    }

    /** Whether any thread has a scope open. */
    boolean active() {
        return open != 0;
    }

    void openCapture(Capture c) {
        Scope s = new Scope();
        s.capture = c;
        push(s);
    }

    void openReplay(Capture.Replay r) {
        Scope s = new Scope();
        s.replay = r;
        push(s);
    }

    void closeCapture(Capture c) {
        pop(s -> s.capture == c);
    }

    void closeReplay(Capture.Replay r) {
        pop(s -> s.replay == r);
    }

    /** The forced choice of this thread's innermost replay, or null (after recording the call for a capture). */
    Choice choiceFor(TunableOp op, Object[] inputs) {
        Scope s = scope.get();
        if (s == null) {
            return null;
        }
        if (s.replay != null) {
            return s.replay.nextFor(op);
        }
        s.capture.record(op, inputs);
        return null;
    }

    private void push(Scope s) {
        s.outer = scope.get();
        scope.set(s);
        adjust(1);
    }

    private void pop(Predicate<Scope> mine) {
        Scope s = scope.get();
        if (s == null || !mine.test(s)) {
            throw new IllegalStateException("autotune4j capture/replay scopes must be closed in the reverse order "
                    + "of opening, on the thread that opened them (use try-with-resources)");
        }
        if (s.outer == null) {
            scope.remove();
        } else {
            scope.set(s.outer);
        }
        adjust(-1);
    }

    private synchronized void adjust(int delta) {
        open += delta;
        onChange.run();
    }
}
