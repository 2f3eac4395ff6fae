package dev.autotune4j.dispatch;

/**
 * Thrown through a tuning pass when its thread is interrupted: the pass stops where it is, records nothing as
 * failed, and the profiles it did not finish are tuned on a later miss. The thread's interrupt flag stays set.
 */
final class TuningInterruptedException extends RuntimeException {
    TuningInterruptedException() {
        super("tuning interrupted", null, false, false);
    }
}
