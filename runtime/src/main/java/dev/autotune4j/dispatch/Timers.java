package dev.autotune4j.dispatch;

import dev.autotune4j.cache.CacheMetadata;
import dev.autotune4j.measure.MetadataSource;
import dev.autotune4j.internal.Log;
import dev.autotune4j.measure.CpuTimer;
import dev.autotune4j.measure.TacticTimer;
import dev.autotune4j.measure.TimingSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which timer times a profile's inputs: the first registered one that accepts them (the CUDA timer claims
 * device tensors), else the CPU timer. Plugins found by {@link ServiceLoader} are registered at start; a
 * timer that describes the machine ({@link MetadataSource}) adds its fields to the cache metadata and, when they
 * change, has the cache file checked again ({@link #onMetadataChange}).
 */
final class Timers {
    private static final Log LOG = Log.get(Timers.class);

    private final CpuTimer cpu;
    private final List<TacticTimer> registered = new CopyOnWriteArrayList<>();
    private volatile Runnable onMetadataChange;
    /** The JIT as the contests read it; a test scripts it. */
    volatile JitReadings jit = JitReadings.JVM;

    Timers(TimingSettings settings) {
        this.cpu = new CpuTimer(settings);
        try {
            for (TacticTimer p : ServiceLoader.load(TacticTimer.class, Timers.class.getClassLoader())) {
                registered.add(p);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            LOG.warn("autotune4j: a timer plugin could not be loaded ({}); ops use the CPU timer", e.toString());
        }
    }

    /**
     * Who hears of a change of any timer's metadata, now and for timers added later. Set after construction,
     * since a timer may call it at once (the CUDA timer does when CUDA is already up), and what it calls (the
     * cache store, the tuner's metadata) needs this object in place.
     */
    void onMetadataChange(Runnable listener) {
        onMetadataChange = listener;
        for (TacticTimer p : registered) {
            listen(p);
        }
    }

    /** Registers a timer ahead of those registered before. */
    void add(TacticTimer timer) {
        listen(timer);
        registered.add(0, timer);
    }

    TacticTimer forInputs(Object[] inputs) {
        for (TacticTimer p : registered) {
            if (p.accepts(inputs)) {
                return p;
            }
        }
        return cpu;
    }

    /** This JVM's cache metadata, with the fields of every registered timer. */
    CacheMetadata metadata() {
        Map<String, String> extra = new LinkedHashMap<>();
        for (TacticTimer p : registered) {
            if (p instanceof MetadataSource m) {
                extra.putAll(m.metadata());
            }
        }
        return CacheMetadata.current(extra);
    }

    private void listen(TacticTimer p) {
        if (onMetadataChange != null && p instanceof MetadataSource m) {
            m.whenChanged(onMetadataChange);
        }
    }
}
