package dev.autotune4j.dispatch;

import dev.autotune4j.api.Mode;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.control.AgentProtocol;
import dev.autotune4j.control.AgentProtocol.Setting;
import dev.autotune4j.control.AutoTunerMXBean;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The tuner as JMX shows it ({@link AgentProtocol#TUNER_BEAN}): what jconsole, jcmd and the attach command read
 * and change while the application runs. {@link ProcessTuner} publishes one for the process-wide tuner.
 */
final class TunerBean implements AutoTunerMXBean {
    private final AutoTuner tuner;

    TunerBean(AutoTuner tuner) {
        this.tuner = tuner;
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
        Path file = ProcessTuner.cacheFile(path);
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
            CacheFile.SaveResult r = tuner.store().save(tuner.cacheFile());
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
        String choice = Setting.TUNING.require(tuning);
        tuner.background().setEnabled(choice.equals("background"));
    }

    @Override
    public String getSweep() {
        return tuner.background().fullSweep() ? "all" : "bucket";
    }

    @Override
    public void setSweep(String sweep) {
        String choice = Setting.SWEEP.require(sweep);
        tuner.background().setFullSweep(choice.equals("all"));
    }

    @Override
    public String getCheck() {
        return tuner.checksAnswers() ? "on" : "off";
    }

    @Override
    public void setCheck(String check) {
        String choice = Setting.CHECK.require(check);
        tuner.setCheckAnswers(choice.equals("on"));
    }

    @Override
    public int getQueuedProfiles() {
        return tuner.background().queued();
    }

    @Override
    public long getBackgroundTuned() {
        return tuner.background().tuned();
    }

    @Override
    public String getBackgroundRechecked() {
        BackgroundTuner background = tuner.background();
        return background.rechecks() ? background.rechecked() + "/" + background.recheckChanged() : "off";
    }
}
