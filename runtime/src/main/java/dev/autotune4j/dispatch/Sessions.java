package dev.autotune4j.dispatch;

import dev.autotune4j.api.Mode;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tuning sessions ({@link AutoTuner#tune()}), counted across threads: the first to open remembers the mode and
 * switches to tune mode, the last to close restores the remembered mode. A mode set while sessions are open
 * (JMX, {@code attach}) replaces the remembered one: the operator's last word, which no session's close undoes.
 */
final class Sessions {
    private final Supplier<Mode> mode;
    private final Consumer<Mode> apply;
    private int open;
    private Mode before;

    Sessions(Supplier<Mode> mode, Consumer<Mode> apply) {
        this.mode = mode;
        this.apply = apply;
    }

    synchronized void open() {
        if (open++ == 0) {
            before = mode.get();
        }
        apply.accept(Mode.TUNE);
    }

    synchronized void close() {
        if (open == 0) {
            return;
        }
        if (--open == 0) {
            apply.accept(before);
        }
    }

    synchronized int count() {
        return open;
    }

    /** A mode set from outside: while sessions are open it is also the one the last close restores. */
    synchronized void modeSet(Mode newMode) {
        if (open > 0) {
            before = newMode;
        }
    }
}
