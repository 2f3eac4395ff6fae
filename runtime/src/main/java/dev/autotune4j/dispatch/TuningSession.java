package dev.autotune4j.dispatch;

import dev.autotune4j.api.Mode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A scope in which the tuner is in {@link Mode#TUNE}: opening it loads the cache file if it exists, closing
 * it restores the previous mode (so sessions nest) and saves the cache file.
 *
 * <pre>{@code
 * try (TuningSession s = AutoTuner.get().tune(Path.of("tuning.json"))) {
 *     model.warmup();   // misses are tuned here
 * }                      // saved to tuning.rank0.json
 * }</pre>
 */
public final class TuningSession implements AutoCloseable {
    private final AutoTuner tuner;
    private final Mode previous;
    private final Path file;
    private boolean open = true;

    TuningSession(AutoTuner tuner, Mode previous, Path file) {
        this.tuner = tuner;
        this.previous = previous;
        this.file = file;
    }

    /** The rank-specific file this session loads and saves, or null. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        tuner.setMode(previous);
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
