package dev.autotune4j.control;

import dev.autotune4j.api.Mode;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.cache.CacheLimits;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.internal.Log;
import dev.autotune4j.measure.ProfilerSettings;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Wires the process-wide tuner to its settings: the cache file (loaded at start, saved when leaving tune
 * mode and at shutdown), the JMX bean, the shutdown hook.
 */
public final class Control implements AutoTunerMXBean {
    private static final Log LOG = Log.get(Control.class);
    public static final String OBJECT_NAME = "autotune4j:type=AutoTuner";

    private final AutoTuner tuner;

    private Control(AutoTuner tuner) {
        this.tuner = tuner;
    }

    /**
     * The process-wide tuner ({@code AutoTuner.get()}), built from the settings: profiler knobs, mode, where misses
     * are tuned, the sweep, the answer check; then {@link #install}ed. A bad setting is reported and its default
     * used: a typo must not stop the application.
     */
    public static AutoTuner newProcessTuner() {
        ProfilerSettings s;
        try {
            s = ProfilerSettings.fromLookup(Settings::get);
        } catch (IllegalArgumentException e) {
            LOG.error("autotune4j: {}; using the default profiler settings", e.getMessage());
            s = ProfilerSettings.defaults();
        }
        AutoTuner t = new AutoTuner(s);
        String m = Settings.get(Settings.MODE);
        if (m != null) {
            try {
                t.setMode(Mode.parse(m));
            } catch (IllegalArgumentException e) {
                LOG.error("autotune4j: {}; staying in replay mode", e.getMessage());
            }
        }
        String tuning = Settings.get("autotune4j.tuning");
        if (tuning != null && !tuning.equals("inline") && !tuning.equals("background")) {
            LOG.error("autotune4j: autotune4j.tuning={} is neither 'background' nor 'inline'; tuning inline", tuning);
        }
        t.background().setEnabled("background".equals(tuning));
        t.background().setFullSweep("all".equals(Settings.get("autotune4j.sweep")));
        String check = Settings.get("autotune4j.check");
        if (check != null && !check.equals("on") && !check.equals("off")) {
            LOG.error("autotune4j: autotune4j.check={} is neither 'on' nor 'off'; answers are checked", check);
        }
        t.setCheckAnswers(!"off".equals(check));
        try {
            t.setAnswerTolerance(Settings.getTolerance("autotune4j.atol"), Settings.getTolerance("autotune4j.rtol"));
        } catch (IllegalArgumentException e) {
            LOG.error("autotune4j: {}; the answer check uses each type's default tolerance", e.getMessage());
        }
        install(t);
        return t;
    }

    /** Applies the settings to a new process-wide tuner and publishes it over JMX. Never throws. */
    public static void install(AutoTuner tuner) {
        Control control = new Control(tuner);
        for (String unknown : Settings.unknown(System.getProperties(), System.getenv())) {
            LOG.warn("autotune4j: {}", unknown);
        }
        try {
            tuner.store().setLimits(CacheLimits.fromLookup(Settings::get));
            String cache = Settings.get(Settings.CACHE);
            if (cache != null) {
                Path file = CacheFile.forRank(Path.of(cache), Settings.getInt(Settings.RANK, 0));
                tuner.setCacheFile(file);
                if (CacheFile.present(file)) {
                    tuner.loadCache(file);
                } else if (tuner.mode() == Mode.REPLAY) {
                    LOG.warn("autotune4j: the cache file {} does not exist, so in replay mode every op runs its fallback; "
                            + "tune first (autotune4j.mode=tune) to create it", file);
                }
            } else if (tuner.mode() == Mode.TUNE) {
                LOG.warn("autotune4j: tune mode without a cache file (autotune4j.cache): what is tuned lives in memory "
                        + "only and is lost when the JVM stops");
            }
        } catch (RuntimeException e) {
            LOG.error("autotune4j: bad cache setting ({}); no cache file is used", e.getMessage());
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (server.isRegistered(name)) {
                // a second copy of the runtime (another class loader): publish it beside the first
                name = new ObjectName(OBJECT_NAME + ",loader=" + Integer.toHexString(System.identityHashCode(
                        AutoTuner.class.getClassLoader())));
            }
            server.registerMBean(control, name);
        } catch (Exception | LinkageError e) {
            LOG.warn("autotune4j: JMX bean not registered ({}); live control through attach/JMX is unavailable", e.toString());
        }
        Thread hook = new Thread(control::saveAtExit, "autotune4j-save-at-exit");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: nothing to save later
        }
    }

    private void saveAtExit() {
        if (tuner.cacheFile() != null && tuner.isDirty()) {
            try {
                tuner.store().awaitSavePrepared(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();   // save all the same
            }
            try {
                tuner.saveCache(tuner.cacheFile());
            } catch (IOException | RuntimeException | LinkageError e) {
                // stderr, not the logger: at exit the logging provider may be gone with a closed class loader
                System.err.println("autotune4j: could not save the cache to " + tuner.cacheFile() + " at exit: " + e);
            }
        }
    }

    @Override
    public String getMode() {
        return tuner.mode().name();
    }

    @Override
    public void setMode(String mode) {
        tuner.setMode(Mode.parse(mode));
    }

    @Override
    public String getCacheFile() {
        return tuner.cacheFile() == null ? "" : tuner.cacheFile().toString();
    }

    @Override
    public void setCacheFile(String path) {
        Path file = CacheFile.forRank(Path.of(path), Settings.getInt(Settings.RANK, 0));
        tuner.setCacheFile(file);
        tuner.store().loadIfPresent(file);
    }

    @Override
    public int getCacheEntries() {
        return tuner.cache().size();
    }

    @Override
    public String getStatistics() {
        return tuner.statistics().toTable();
    }

    @Override
    public String save() {
        if (tuner.cacheFile() == null) {
            throw new IllegalStateException("no cache file is set: set one first (cache=... or setCacheFile)");
        }
        try {
            CacheFile.SaveResult r = tuner.saveCache(tuner.cacheFile());
            return "saved " + r.written() + " entries to " + r.file();
        } catch (IOException e) {
            throw new IllegalStateException("could not save the cache to " + tuner.cacheFile() + ": " + e.getMessage());
        }
    }

    @Override
    public int load() {
        if (tuner.cacheFile() == null) {
            throw new IllegalStateException("no cache file is set: set one first (cache=... or setCacheFile)");
        }
        return tuner.loadCache(tuner.cacheFile());
    }

    @Override
    public String clear() {
        int entries = tuner.cache().size();
        int queued = tuner.background().queued();
        tuner.clearCache();
        return "cleared " + entries + " entries and " + queued + " queued profiles from memory (the cache file is "
                + "untouched)";
    }

    @Override
    public String pretune() {
        int listed = tuner.pretune();
        return listed + " profiles are listed as called but untuned; each op queues its own at its next call "
                + "(mode is TUNE now)";
    }

    @Override
    public String sweep() {
        int ops = tuner.sweep();
        return "every profile of each op's config is queued at the op's next call (" + ops + " ops bound so far; "
                + "mode is TUNE now)";
    }

    @Override
    public String getTuning() {
        return tuner.background().enabled() ? "background" : "inline";
    }

    @Override
    public void setTuning(String tuning) {
        if (!tuning.equals("background") && !tuning.equals("inline")) {
            throw new IllegalArgumentException("tuning=" + tuning + " is not a way to tune: use background or inline");
        }
        tuner.background().setEnabled(tuning.equals("background"));
    }

    @Override
    public String getSweep() {
        return tuner.background().fullSweep() ? "all" : "bucket";
    }

    @Override
    public void setSweep(String sweep) {
        if (!sweep.equals("bucket") && !sweep.equals("all")) {
            throw new IllegalArgumentException("sweep=" + sweep + " is not a sweep: use bucket or all");
        }
        tuner.background().setFullSweep(sweep.equals("all"));
    }

    @Override
    public String getCheck() {
        return tuner.checksAnswers() ? "on" : "off";
    }

    @Override
    public void setCheck(String check) {
        if (!check.equals("on") && !check.equals("off")) {
            throw new IllegalArgumentException("check=" + check + " is not a check setting: use on or off");
        }
        tuner.setCheckAnswers(check.equals("on"));
    }

    @Override
    public int getQueuedProfiles() {
        return tuner.background().queued();
    }

    @Override
    public long getBackgroundTuned() {
        return tuner.background().tuned();
    }
}
