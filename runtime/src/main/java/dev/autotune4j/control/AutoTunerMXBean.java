package dev.autotune4j.control;

/**
 * The tuner as JMX shows it ({@code autotune4j:type=AutoTuner}): for jconsole, jcmd, and the agent's
 * {@code attach} command, which drives a running JVM through it.
 */
public interface AutoTunerMXBean {

    /** {@code TUNE}, {@code REPLAY} or {@code OFF}. */
    String getMode();

    /** Takes effect on the next call. Leaving TUNE saves the cache when a cache file is set. */
    void setMode(String mode);

    /** The rank-specific cache file, or empty when none is set. */
    String getCacheFile();

    /** Sets the cache file (its rank-specific name is used) and loads it if it exists. */
    void setCacheFile(String path);

    int getCacheEntries();

    /** The statistics table. */
    String getStatistics();

    /** Saves the cache to the cache file; returns what was written. */
    String save();

    /** Loads the cache file; returns the number of entries loaded. */
    int load();

    /** Forgets every tuned choice in memory and what is queued (the file is untouched); says how much. */
    String clear();

    /**
     * Tunes in the background the profiles the cache lists as called but untuned (recorded by replay misses): tune
     * mode on, each op queues its listed profiles at its next call. Says how many are listed.
     */
    String pretune();

    /** Tunes in the background every profile of every op's config (the full sweep), once; says what it queued. */
    String sweep();

    /** {@code background} (misses are tuned by the tuner thread) or {@code inline} (on the caller's thread). */
    String getTuning();

    /** Takes effect on the next miss. */
    void setTuning(String tuning);

    /** {@code bucket} (a background miss tunes the bucket it hit) or {@code all} (every profile of the op). */
    String getSweep();

    void setSweep(String sweep);

    /** {@code on} (each candidate's answer is compared with the fallback's before it may win) or {@code off}. */
    String getCheck();

    /** Takes effect at the next profile tuned. */
    void setCheck(String check);

    /** Profiles waiting for the background tuner. */
    int getQueuedProfiles();

    /** Profiles the background tuner has tuned since the JVM started. */
    long getBackgroundTuned();

    /**
     * Close picks the background tuner timed once more after the JIT had gone quiet, and of those, how many changed
     * (the JIT's later code turned them): {@code "rechecked/changed"}; {@code "off"} when rechecks are turned off
     * ({@code autotune4j.recheck=off}).
     */
    String getBackgroundRechecked();
}
