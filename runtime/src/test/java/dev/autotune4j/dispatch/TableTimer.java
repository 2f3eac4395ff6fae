package dev.autotune4j.dispatch;

import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.measure.TacticTimer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A timer whose times come from a table, so a ported reference test that replaces the reference's kernel
 * timing with fixed numbers ({@code monkeypatch.setattr(AutoTuner, "_profile_single_kernel", fake)}) decides the
 * same winner here. It still runs each (runner, tactic) once, as a real timer's warmup does, and records the
 * rows of the first input it was timed on.
 */
final class TableTimer implements TacticTimer {
    /** Times of one call: the runner, its profile inputs and its tactic give nanoseconds. */
    interface Times {
        double nanos(Runner runner, Object[] inputs, Object tactic);
    }

    private final Times times;
    final List<Long> timedRows = new CopyOnWriteArrayList<>();

    TableTimer(Times times) {
        this.times = times;
    }

    /** Times by tactic; the fallback takes {@code fallbackNanos}. */
    static TableTimer byTactic(Map<Object, Double> nanos, double fallbackNanos) {
        return new TableTimer((r, in, t) -> t == Runner.FALLBACK ? fallbackNanos : nanos.get(t));
    }

    @Override
    public boolean accepts(Object[] inputs) {
        return true;
    }

    @Override
    public Timing start(Runner runner, Object[] inputs, Object tactic, TuningConfig config) throws Exception {
        runner.run(inputs, tactic);
        if (inputs.length > 0 && inputs[0] instanceof Object[] rows) {
            timedRows.add((long) rows.length);
        }
        double nanos = times.nanos(runner, inputs, tactic);
        return new Timing() {
            @Override
            public int samplesWanted() {
                return 3;
            }

            @Override
            public double sample() {
                return nanos;
            }
        };
    }
}
