package dev.autotune4j.internal.events;

/**
 * Where the tuner reports to JDK Flight Recorder. JFR is a module a runtime may leave out ({@code jlink} without
 * {@code jdk.jfr}): then nothing is recorded and nothing fails. Only {@link Recorder} touches the event classes,
 * and it is loaded only when JFR is there, so no class of the tuner's own fails to load without it.
 */
public final class Events {
    private static final boolean ON = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private Events() {
    }

    /** The start of a tuning pass: a token for {@link #passEnded}, or null. */
    public static Object passStarted() {
        return ON ? Recorder.passStarted() : null;
    }

    public static void passEnded(Object token, String op, int tuned, int profiles, boolean background) {
        if (token != null) {
            Recorder.passEnded(token, op, tuned, profiles, background);
        }
    }

    public static void profileTuned(String op, String profile, String runner, String tactic, double nanos,
                                    double fallbackNanos) {
        if (ON) {
            Recorder.profileTuned(op, profile, runner, tactic, nanos, fallbackNanos);
        }
    }

    public static void replayMiss(String op, String shape, boolean queued) {
        if (ON) {
            Recorder.replayMiss(op, shape, queued);
        }
    }

    public static void tacticFailed(String op, String runner, String tactic, String profile, String reason) {
        if (ON) {
            Recorder.tacticFailed(op, runner, tactic, profile, reason);
        }
    }
}
