package dev.autotune4j.measure;

import dev.autotune4j.control.AgentProtocol.Setting;

import java.time.Duration;

/**
 * The measurement knobs. Every one has a setting, named in {@link #fromLookup}, that {@code AutoTuner.get()}
 * reads at start (agent argument, {@code -D} system property or environment variable).
 *
 * @param minWarmupCalls        warmup calls before timing, at least (a config's {@code warmup} overrides)
 * @param warmupBudget          warmup goes on until the per-call time stops falling, or this much time passed
 * @param repeat                timed samples per tactic (a config's {@code repeat} overrides)
 * @param minSampleTime         each sample times a batch of calls lasting at least this long, so the clock's
 *                              resolution does not matter
 * @param shortProfileThreshold a tactic slower than this per call is timed with 2 samples only (the
 *                              reference's short-profile rule: long tactics need fewer repeats)
 * @param tacticBudget          no more samples are taken once a tactic has used this much time (per look: a win seen
 *                              while the JIT compiled is timed again, its pick and the fallback afresh)
 * @param tacticTimeout         a tactic still running after this long is declared hung and abandoned
 * @param opBudget              a tuning pass stops timing new profiles once it has used this much time
 * @param retakeContended       a sample during which the timing thread waited for a CPU (the host was busy) is
 *                              taken again after a pause ({@code autotune4j.contention=retake}); {@code off}, the
 *                              default, keeps every sample: on the sample service under load retaking did not
 *                              bring the picks closer to quiet tuning's (docs/benchmarks.md)
 * @param minGain               a candidate replaces the fallback only when it is faster with 99% confidence and its
 *                              median at least this much lower (0.03: 3%); below that, a speedup is not worth a
 *                              kernel swap and is within what noise makes of identical code
 */
public record TimingSettings(int minWarmupCalls, Duration warmupBudget, int repeat, Duration minSampleTime,
                               Duration shortProfileThreshold, Duration tacticBudget, Duration tacticTimeout,
                               Duration opBudget, boolean retakeContended, double minGain) {

    public TimingSettings {
        if (minWarmupCalls < 0 || repeat < 1) {
            throw new IllegalArgumentException("minWarmupCalls must be >= 0 and repeat >= 1");
        }
        if (!(minGain >= 0 && minGain < 1)) {
            throw new IllegalArgumentException("minGain must be in [0, 1), got " + minGain);
        }
        for (Duration d : new Duration[] {warmupBudget, minSampleTime, shortProfileThreshold, tacticBudget,
                tacticTimeout, opBudget}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("timer durations must be >= 0");
            }
        }
    }

    public static TimingSettings defaults() {
        return new TimingSettings(2, Duration.ofMillis(50), 10, Duration.ofNanos(100_000), Duration.ofMillis(1),
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(10), false, 0.03);
    }

    /**
     * Defaults overridden by {@code autotune4j.warmup}, {@code autotune4j.warmupMs}, {@code autotune4j.repeat},
     * {@code autotune4j.minSampleUs}, {@code autotune4j.shortProfileMs}, {@code autotune4j.tacticBudgetMs},
     * {@code autotune4j.tacticTimeoutMs}, {@code autotune4j.opBudgetMs} and {@code autotune4j.minGainPercent}, as {@code lookup} gives them (the
     * process-wide tuner passes {@code Settings::get}). A value that is not a non-negative integer is an error
     * naming the key.
     */
    public static TimingSettings fromLookup(java.util.function.UnaryOperator<String> lookup) {
        TimingSettings d = defaults();
        return new TimingSettings(
                intOf(lookup, Setting.WARMUP.property(), d.minWarmupCalls),
                Duration.ofMillis(intOf(lookup, Setting.WARMUP_MS.property(), (int) d.warmupBudget.toMillis())),
                intOf(lookup, Setting.REPEAT.property(), d.repeat),
                Duration.ofNanos(1000L * intOf(lookup, Setting.MIN_SAMPLE_US.property(), (int) (d.minSampleTime.toNanos() / 1000))),
                Duration.ofMillis(intOf(lookup, Setting.SHORT_PROFILE_MS.property(), (int) d.shortProfileThreshold.toMillis())),
                Duration.ofMillis(intOf(lookup, Setting.TACTIC_BUDGET_MS.property(), (int) d.tacticBudget.toMillis())),
                Duration.ofMillis(intOf(lookup, Setting.TACTIC_TIMEOUT_MS.property(), (int) d.tacticTimeout.toMillis())),
                Duration.ofMillis(intOf(lookup, Setting.OP_BUDGET_MS.property(), (int) d.opBudget.toMillis())),
                contention(lookup.apply(Setting.CONTENTION.property())),
                intOf(lookup, Setting.MIN_GAIN_PERCENT.property(), (int) Math.round(d.minGain * 100)) / 100.0);
    }

    private static boolean contention(String text) {
        if (text == null || text.isBlank() || text.trim().equals("off")) {
            return false;
        }
        if (text.trim().equals("retake")) {
            return true;
        }
        throw new IllegalArgumentException("setting autotune4j.contention=" + text + " is not a policy: use retake or off");
    }

    private static int intOf(java.util.function.UnaryOperator<String> lookup, String key, int fallback) {
        String text = lookup.apply(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + "=" + text + " is not a non-negative integer", e);
        }
    }

    public TimingSettings withWarmup(int calls, Duration budget) {
        return new TimingSettings(calls, budget, repeat, minSampleTime, shortProfileThreshold, tacticBudget,
                tacticTimeout, opBudget, retakeContended, minGain);
    }

    public TimingSettings withRepeat(int samples) {
        return new TimingSettings(minWarmupCalls, warmupBudget, samples, minSampleTime, shortProfileThreshold,
                tacticBudget, tacticTimeout, opBudget, retakeContended, minGain);
    }

    public TimingSettings withMinSampleTime(Duration time) {
        return new TimingSettings(minWarmupCalls, warmupBudget, repeat, time, shortProfileThreshold, tacticBudget,
                tacticTimeout, opBudget, retakeContended, minGain);
    }

    public TimingSettings withBudgets(Duration tactic, Duration timeout, Duration op) {
        return new TimingSettings(minWarmupCalls, warmupBudget, repeat, minSampleTime, shortProfileThreshold, tactic,
                timeout, op, retakeContended, minGain);
    }

    public TimingSettings withRetakeContended(boolean retake) {
        return new TimingSettings(minWarmupCalls, warmupBudget, repeat, minSampleTime, shortProfileThreshold,
                tacticBudget, tacticTimeout, opBudget, retake, minGain);
    }

    public TimingSettings withMinGain(double gain) {
        return new TimingSettings(minWarmupCalls, warmupBudget, repeat, minSampleTime, shortProfileThreshold,
                tacticBudget, tacticTimeout, opBudget, retakeContended, gain);
    }

    /** Fast settings for tests and demos: little warmup, few samples. */
    public static TimingSettings quick() {
        return new TimingSettings(1, Duration.ofMillis(5), 5, Duration.ofNanos(20_000), Duration.ofMillis(1),
                Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(5), false, 0.03);
    }
}
