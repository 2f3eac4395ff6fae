package dev.autotune4j.dispatch;

/** A replayed block called another op than the one captured at that position. */
public final class ReplayMismatchException extends IllegalStateException {
    public ReplayMismatchException(String message) {
        super(message);
    }
}
