package dev.autotune4j.internal.events;

/** The events themselves: loaded only when the {@code jdk.jfr} module is present (see {@link Events}). */
final class Recorder {
    private Recorder() {
    }

    /** Whether JFR has started in this JVM: before that no recording runs, and the event classes stay unloaded. */
    static boolean started() {
        return jdk.jfr.FlightRecorder.isInitialized();
    }

    static Object passStarted() {
        TuningPassEvent event = new TuningPassEvent();
        event.begin();
        return event;
    }

    static void passEnded(Object token, String op, int tuned, int profiles, boolean background) {
        TuningPassEvent event = (TuningPassEvent) token;
        if (event.shouldCommit()) {
            event.op = op;
            event.tuned = tuned;
            event.profiles = profiles;
            event.background = background;
            event.commit();
        }
    }

    static void profileTuned(String op, String profile, String runner, String tactic, double nanos, double fallbackNanos) {
        ProfileTunedEvent event = new ProfileTunedEvent();
        if (event.isEnabled()) {
            event.op = op;
            event.profile = profile;
            event.runner = runner;
            event.tactic = tactic;
            event.nanos = (long) nanos;
            event.fallbackNanos = Double.isNaN(fallbackNanos) ? 0 : (long) fallbackNanos;
            event.commit();
        }
    }

    static void replayMiss(String op, String shape, boolean queued) {
        ReplayMissEvent event = new ReplayMissEvent();
        if (event.isEnabled()) {
            event.op = op;
            event.shape = shape;
            event.queued = queued;
            event.commit();
        }
    }

    static void tacticFailed(String op, String runner, String tactic, String profile, String reason) {
        TacticFailedEvent event = new TacticFailedEvent();
        if (event.isEnabled()) {
            event.op = op;
            event.runner = runner;
            event.tactic = tactic;
            event.profile = profile;
            event.reason = reason;
            event.commit();
        }
    }
}
