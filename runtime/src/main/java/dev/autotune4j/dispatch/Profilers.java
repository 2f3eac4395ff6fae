package dev.autotune4j.dispatch;

import dev.autotune4j.cache.CacheMetadata;
import dev.autotune4j.cache.MetadataSource;
import dev.autotune4j.internal.Log;
import dev.autotune4j.measure.CpuProfiler;
import dev.autotune4j.measure.Profiler;
import dev.autotune4j.measure.ProfilerSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which profiler times a profile's inputs: the first registered one that accepts them (the CUDA profiler claims
 * device tensors), else the CPU profiler. Plugins found by {@link ServiceLoader} are registered at start; a
 * profiler that describes the machine ({@link MetadataSource}) adds its fields to the cache metadata and, when they
 * change, has the cache file checked again ({@link #onMetadataChange}).
 */
final class Profilers {
    private static final Log LOG = Log.get(Profilers.class);

    private final CpuProfiler cpu;
    private final List<Profiler> registered = new CopyOnWriteArrayList<>();
    private volatile Runnable onMetadataChange;

    Profilers(ProfilerSettings settings) {
        this.cpu = new CpuProfiler(settings);
        try {
            for (Profiler p : ServiceLoader.load(Profiler.class, Profilers.class.getClassLoader())) {
                registered.add(p);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            LOG.warn("autotune4j: a profiler plugin could not be loaded ({}); ops use the CPU profiler", e.toString());
        }
    }

    /**
     * Who hears of a change of any profiler's metadata, now and for profilers added later. Set after construction,
     * since a profiler may call it at once (the CUDA profiler does when CUDA is already up), and what it calls (the
     * cache store, the tuner's metadata) needs this object in place.
     */
    void onMetadataChange(Runnable listener) {
        onMetadataChange = listener;
        for (Profiler p : registered) {
            listen(p);
        }
    }

    /** Registers a profiler ahead of those registered before. */
    void add(Profiler profiler) {
        listen(profiler);
        registered.add(0, profiler);
    }

    Profiler forInputs(Object[] inputs) {
        for (Profiler p : registered) {
            if (p.accepts(inputs)) {
                return p;
            }
        }
        return cpu;
    }

    /** This JVM's cache metadata, with the fields of every registered profiler. */
    CacheMetadata metadata() {
        Map<String, String> extra = new LinkedHashMap<>();
        for (Profiler p : registered) {
            if (p instanceof MetadataSource m) {
                extra.putAll(m.metadata());
            }
        }
        return CacheMetadata.current(extra);
    }

    private void listen(Profiler p) {
        if (onMetadataChange != null && p instanceof MetadataSource m) {
            m.whenChanged(onMetadataChange);
        }
    }
}
