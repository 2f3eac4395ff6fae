package dev.autotune4j.api;

/** What a call of a tunable op does. */
public enum Mode {
    /** A cache miss profiles every runner and tactic on every generated profile and caches the fastest;
     *  a hit replays the cached choice. */
    TUNE,
    /** A hit replays the cached choice; a miss runs the fallback, is counted, and is logged once per op
     *  and shape. The default. */
    REPLAY,
    /** Always the fallback: the op behaves as if autotune4j were absent. */
    OFF;

    /** Parses {@code tune}, {@code replay} or {@code off} (any case); the error names the valid values. */
    public static Mode parse(String text) {
        for (Mode mode : values()) {
            if (mode.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown autotune4j mode '" + text + "': use tune, replay or off");
    }
}
