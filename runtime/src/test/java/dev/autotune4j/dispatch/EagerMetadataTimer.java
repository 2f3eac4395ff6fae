package dev.autotune4j.dispatch;

import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.measure.MetadataSource;
import dev.autotune4j.measure.TacticTimer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A timer plugin (registered for the runtime's tests in {@code META-INF/services}) that claims no inputs and whose
 * metadata is known at once, so it calls its listener as soon as one is registered: as the CUDA timer does in a
 * JVM where CUDA is already up. Every tuner the tests build loads it; it changes nothing else.
 */
public final class EagerMetadataTimer implements TacticTimer, MetadataSource {
    static final AtomicInteger CALLED_BACK = new AtomicInteger();

    @Override
    public boolean accepts(Object[] inputs) {
        return false;
    }

    @Override
    public Timing start(Runner runner, Object[] inputs, Object tactic, TuningConfig config) {
        throw new UnsupportedOperationException("claims no inputs");
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public void whenChanged(Runnable listener) {
        listener.run();
        CALLED_BACK.incrementAndGet();
    }
}
