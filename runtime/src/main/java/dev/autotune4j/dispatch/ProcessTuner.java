package dev.autotune4j.dispatch;

import dev.autotune4j.api.DistributedStrategy;
import dev.autotune4j.api.Mode;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.cache.CacheLimits;
import dev.autotune4j.control.AgentProtocol;
import dev.autotune4j.control.AgentProtocol.Setting;
import dev.autotune4j.control.Settings;
import dev.autotune4j.internal.Log;
import dev.autotune4j.measure.TimingSettings;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the process-wide tuner ({@link AutoTuner#get()}) from the settings and wires it to the process: the
 * cache file (loaded at start, saved when leaving tune mode and at shutdown), the JMX bean, the shutdown hook.
 * A bad setting is reported and its default used: a typo must not stop the application.
 */
final class ProcessTuner {
    private static final Log LOG = Log.get(ProcessTuner.class);

    private ProcessTuner() {
    }

    /** TacticTimer knobs, mode, where misses are tuned, the sweep, the answer check; then {@link #install}ed. */
    static AutoTuner build() {
        TimingSettings s;
        try {
            s = TimingSettings.fromLookup(Settings::get);
        } catch (IllegalArgumentException e) {
            LOG.error("autotune4j: {}; using the default timer settings", e.getMessage());
            s = TimingSettings.defaults();
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
        String tuning = choice(Setting.TUNING, "inline", "tuning inline");
        t.background().setEnabled(tuning.equals("background"));
        t.background().setFullSweep(choice(Setting.SWEEP, "bucket", "tuning each bucket when it is hit").equals("all"));
        t.background().setRecheck(choice(Setting.RECHECK, "on", "close picks are timed again").equals("on"));
        t.setCheckAnswers(choice(Setting.CHECK, "on", "answers are checked").equals("on"));
        try {
            t.setAnswerTolerance(Settings.getTolerance(Setting.ATOL.property()),
                    Settings.getTolerance(Setting.RTOL.property()));
        } catch (IllegalArgumentException e) {
            LOG.error("autotune4j: {}; the answer check uses each type's default tolerance", e.getMessage());
        }
        install(t);
        joinGroup(t);
        return t;
    }

    /**
     * Joins the tuning group the settings name ({@code autotune4j.group}), through the provider on the class path.
     * Without one, or when joining fails, the process tunes alone and says why.
     */
    private static void joinGroup(AutoTuner t) {
        String name = Settings.get(Setting.GROUP.property());
        if (name == null) {
            return;
        }
        java.util.Iterator<TuningGroup.Provider> providers = java.util.ServiceLoader.load(TuningGroup.Provider.class,
                ProcessTuner.class.getClassLoader()).iterator();
        if (!providers.hasNext()) {
            LOG.error("autotune4j: autotune4j.group={} but no tuning group provider is on the class path: add "
                    + "dev.autotune4j:autotune4j-distributed; this process tunes alone", name);
            return;
        }
        try {
            DistributedStrategy strategy = DistributedStrategy.parse(choice(Setting.STRATEGY, "independent",
                    "tuning independently"));
            Duration timeout = Duration.ofMillis(Settings.getInt(Setting.GROUP_TIMEOUT_MS.property(), 60_000));
            TuningGroup group = providers.next().join(Settings::get);
            t.joinGroup(group, strategy, timeout);
            LOG.info("autotune4j: joined tuning group '{}' as rank {} of {} (ops without a strategy: {})", name,
                    group.rank(), group.size(), strategy);
        } catch (RuntimeException e) {
            LOG.error("autotune4j: could not join tuning group '{}' ({}); this process tunes alone", name, e.toString());
        }
    }

    /** The setting's value among its choices; when unset, {@code otherwise}; when not a choice, reported and {@code otherwise}. */
    private static String choice(Setting setting, String otherwise, String consequence) {
        String text = Settings.get(setting.property());
        if (text == null) {
            return otherwise;
        }
        String value = setting.choice(text);
        if (value == null) {
            LOG.error("autotune4j: {}={} is not one of {}; {}", setting.property(), text, setting.choices(), consequence);
            return otherwise;
        }
        return value;
    }

    /** Applies the cache settings to a new process-wide tuner and publishes it over JMX. Never throws. */
    static void install(AutoTuner tuner) {
        for (String unknown : Settings.unknown(System.getProperties(), System.getenv())) {
            LOG.warn("autotune4j: {}", unknown);
        }
        try {
            tuner.store().setLimits(CacheLimits.fromLookup(Settings::get));
            String cache = Settings.get(Settings.CACHE);
            if (cache != null) {
                Path file = cacheFile(cache);
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
            ObjectName name = new ObjectName(AgentProtocol.TUNER_BEAN);
            if (server.isRegistered(name)) {
                // a second copy of the runtime (another class loader): publish it beside the first
                name = new ObjectName(AgentProtocol.TUNER_BEAN + ",loader=" + Integer.toHexString(
                        System.identityHashCode(AutoTuner.class.getClassLoader())));
            }
            server.registerMBean(new TunerBean(tuner), name);
        } catch (Exception | LinkageError e) {
            LOG.warn("autotune4j: JMX bean not registered ({}); live control through attach/JMX is unavailable", e.toString());
        }
        Thread hook = new Thread(() -> saveAtExit(tuner), "autotune4j-save-at-exit");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: nothing to save later
        }
    }

    /**
     * The file the process tuner keeps its choices in: the rank's own ({@code cache.rank2.json}), or, in a tuning group,
     * the group's one file, the rank-0 name, which every rank saves into under the file's lock (a save keeps the faster
     * entry per key, as the reference's merge does): one merged file, which a single process reads later.
     */
    static Path cacheFile(String setting) {
        boolean grouped = Settings.get(Setting.GROUP.property()) != null;
        return CacheFile.forRank(Path.of(setting), grouped ? 0 : Settings.getInt(Settings.RANK, 0));
    }

    private static void saveAtExit(AutoTuner tuner) {
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
}
