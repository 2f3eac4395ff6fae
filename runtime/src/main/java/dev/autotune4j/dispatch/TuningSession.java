package dev.autotune4j.dispatch;

import dev.autotune4j.api.Mode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A scope in which the tuner is in {@link Mode#TUNE}: opening it loads the cache file if it exists, closing
 * it saves the cache file. Sessions are counted across threads: the mode from before the first one returns when
 * the last one closes, whatever the order (see {@link AutoTuner#setMode} for a live change in between).
 *
 * <pre>{@code
 * try (TuningSession s = AutoTuner.get().tune(Path.of("tuning.json"))) {
 *     model.warmup();   // misses are tuned here
 * }                      // saved to tuning.rank0.json
 * }</pre>
 */
public final class TuningSession implements AutoCloseable {
    private final AutoTuner tuner;
    private final Path file;
    private final AtomicBoolean open = new AtomicBoolean(true);

    TuningSession(AutoTuner tuner, Path file) {
        this.tuner = tuner;
        this.file = file;
    }

    /** The rank-specific file this session loads and saves, or null. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        tuner.closeSession();
        if (file != null) {
            try {
                tuner.saveCache(file);
            } catch (IOException e) {
                throw new UncheckedIOException("autotune4j: could not save the cache to " + file
                        + " (check that its directory is writable); the tuned choices are still in memory", e);
            }
        }
    }
}
