package dev.autotune4j.cache;

import dev.autotune4j.control.AgentProtocol.Setting;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Bounds on what the cache file may cost the application: a file over {@code maxBytes} or holding more than
 * {@code maxEntries} entries is refused with one warning (it cannot exhaust the heap), and a save waits at most
 * {@code lockTimeout} for another process's lock before it writes a side file instead (exit never hangs).
 *
 * @param maxBytes    largest file read, in bytes ({@code autotune4j.cacheMaxMb}, default 64 MiB)
 * @param maxEntries  most entries read from one file ({@code autotune4j.cacheMaxEntries}, default 100,000: a
 *                    cache of every op and bucket of a large model holds a few thousand; see docs/reliability.md
 *                    for the heap one entry costs)
 * @param lockTimeout longest wait for the file lock ({@code autotune4j.lockTimeoutMs}, default 10 s)
 */
public record CacheLimits(long maxBytes, int maxEntries, Duration lockTimeout) {

    public CacheLimits {
        if (maxBytes < 1 || maxEntries < 1 || lockTimeout == null || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("cache limits must be positive: " + maxBytes + " bytes, " + maxEntries
                    + " entries, lock timeout " + lockTimeout);
        }
    }

    public static CacheLimits defaults() {
        return new CacheLimits(64L << 20, 100_000, Duration.ofSeconds(10));
    }

    /** The limits named by settings ({@code lookup} gives a setting's text or null); bad values are errors. */
    public static CacheLimits fromLookup(UnaryOperator<String> lookup) {
        CacheLimits d = defaults();
        return new CacheLimits(longOf(lookup, Setting.CACHE_MAX_MB.property(), d.maxBytes >> 20) << 20,
                (int) longOf(lookup, Setting.CACHE_MAX_ENTRIES.property(), d.maxEntries),
                Duration.ofMillis(longOf(lookup, Setting.LOCK_TIMEOUT_MS.property(), d.lockTimeout.toMillis())));
    }

    private static long longOf(UnaryOperator<String> lookup, String key, long fallback) {
        String text = lookup.apply(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + "=" + text + " is not a non-negative integer");
        }
    }
}
