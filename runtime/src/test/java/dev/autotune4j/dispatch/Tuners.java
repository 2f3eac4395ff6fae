package dev.autotune4j.dispatch;

import dev.autotune4j.measure.TimingSettings;

import java.time.Duration;

/** Tuners for tests: quick measurement so a suite of tuning passes stays fast. */
final class Tuners {
    private Tuners() {
    }

    static AutoTuner quick() {
        return new AutoTuner(TimingSettings.quick());
    }

    static AutoTuner quickWithTimeout(Duration tacticTimeout) {
        TimingSettings q = TimingSettings.quick();
        return new AutoTuner(q.withBudgets(q.tacticBudget(), tacticTimeout, q.opBudget()));
    }
}
