package dev.autotune4j.internal.events;

/**
 * Where the tuner reports to JDK Flight Recorder. JFR is a module a runtime may leave out ({@code jlink} without
 * {@code jdk.jfr}): then nothing is recorded and nothing fails. Only {@link Recorder} touches the event classes,
 * and it is loaded only when JFR is there, so no class of the tuner's own fails to load without it.
 *
 * <p>Nor are the event classes loaded before JFR has started (a recording at start, {@code jcmd JFR.start}, a
 * {@code Recording} made in code): the first load of an event class registers JFR's machinery, 0.16 s of a fresh
 * JVM's first tuning pass on the 2-core VM, for events no recording would keep.
 */
public final class Events {
    private static final boolean ON = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private Events() {
    }

    /** The start of a tuning pass: a token for {@link #passEnded}, or null. */
    public static Object passStarted() {
        return recording() ? Recorder.passStarted() : null;
    }

    public static void passEnded(Object token, String op, int tuned, int profiles, boolean background) {
        if (token != null) {
            Recorder.passEnded(token, op, tuned, profiles, background);
        }
    }

    public static void profileTuned(String op, String profile, String runner, String tactic, double nanos,
                                    double fallbackNanos) {
        if (recording()) {
            Recorder.profileTuned(op, profile, runner, tactic, nanos, fallbackNanos);
        }
    }

    public static void replayMiss(String op, String shape, boolean queued) {
        if (recording()) {
            Recorder.replayMiss(op, shape, queued);
        }
    }

    public static void tacticFailed(String op, String runner, String tactic, String profile, String reason) {
        if (recording()) {
            Recorder.tacticFailed(op, runner, tactic, profile, reason);
        }
    }

    /** Whether a recording may be running: JFR is there and has started in this JVM. */
    private static boolean recording() {
        return ON && Recorder.started();
    }
}
