package dev.autotune4j.measure;

/**
 * Thrown by a timer that cannot time anything more (a GPU context lost to a faulting kernel): unlike a
 * failing tactic, which is skipped, this stops the tuning pass, and the op runs its fallback.
 */
public class TimerUnusableException extends RuntimeException {
    public TimerUnusableException(String message) {
        super(message);
    }
}
