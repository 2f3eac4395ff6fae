package dev.autotune4j.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers which messages were logged, so that a repeated condition is logged once, not per call. */
public final class LogOnce {
    /** Bounded: past this many distinct keys, nothing more is remembered (or logged) rather than growing forever. */
    private static final int MAX_KEYS = 10_000;

    private final Set<Object> seen = ConcurrentHashMap.newKeySet();

    /** True the first time {@code key} is offered. */
    public boolean first(Object key) {
        return seen.size() < MAX_KEYS && seen.add(key);
    }

    public void reset() {
        seen.clear();
    }
}
