package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Runner;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An op's choices by number, so a call site can switch over small integers instead of comparing choices:
 * {@code 0} is the fallback, equal (runner, tactic) pairs share a number, and numbers only grow. A listener hears
 * of a new number before any route carries it (a call site relinks its switch then), since numbers are handed out
 * under this object's lock and listeners are called inside it.
 */
final class ChoiceNumbers {
    private volatile Choice[] numbered;
    private final List<Consumer<Choice[]>> listeners = new CopyOnWriteArrayList<>();

    ChoiceNumbers(Choice fallback) {
        this.numbered = new Choice[] {fallback};
    }

    Choice[] all() {
        return numbered;
    }

    synchronized void listen(Consumer<Choice[]> listener) {
        listeners.add(listener);
        listener.accept(numbered);
    }

    int numberOf(Choice c) {
        if (c.runnerIndex() == 0 && c.tactic() == Runner.FALLBACK) {
            return 0;
        }
        synchronized (this) {
            Choice[] n = numbered;
            for (int i = 1; i < n.length; i++) {
                if (n[i].runnerIndex() == c.runnerIndex() && Objects.equals(n[i].tactic(), c.tactic())) {
                    return i;
                }
            }
            Choice[] grown = Arrays.copyOf(n, n.length + 1);
            grown[n.length] = c;
            numbered = grown;
            for (Consumer<Choice[]> l : listeners) {
                l.accept(grown);
            }
            return n.length;
        }
    }
}
