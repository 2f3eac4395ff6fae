package dev.autotune4j.dispatch;

/**
 * A (runner, tactic, profile) that failed while tuning, and why. It is skipped for that profile; the other
 * tactics still compete.
 */
public record Failure(String op, String runner, String tactic, String profile, String reason) {
    @Override
    public String toString() {
        return runner + " tactic=" + tactic + " profile=" + profile + ": " + reason;
    }
}
