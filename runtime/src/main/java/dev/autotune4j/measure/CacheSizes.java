package dev.autotune4j.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The CPU's last-level cache size, for sizing cold-cache input copies. */
public final class CacheSizes {
    /** Used when sysfs cannot tell (non-Linux): a generous server LLC, so copies err on the cold side. */
    static final long DEFAULT_LLC_BYTES = 32L << 20;

    private static final long LLC = readLastLevelCache(Path.of("/sys/devices/system/cpu/cpu0/cache"));

    private CacheSizes() {
    }

    public static long lastLevelCacheBytes() {
        return LLC;
    }

    /**
     * How many copies of inputs of {@code inputBytes} to rotate over so that together they exceed a cache of
     * {@code cacheBytes} three times: {@code 3 x cache / input + 1}, at most {@code repeat + 1} (the reference's
     * rule for the GPU's L2, used for the CPU's last-level cache too).
     */
    public static int coldCopies(long cacheBytes, long inputBytes, int repeat) {
        return (int) Math.min(cacheBytes * 3 / inputBytes + 1, repeat + 1L);
    }

    static long readLastLevelCache(Path dir) {
        long best = 0;
        int bestLevel = -1;
        for (int index = 0; index < 16; index++) {
            Path entry = dir.resolve("index" + index);
            try {
                int level = Integer.parseInt(Files.readString(entry.resolve("level")).trim());
                long size = parseSize(Files.readString(entry.resolve("size")).trim());
                if (level > bestLevel || (level == bestLevel && size > best)) {
                    bestLevel = level;
                    best = size;
                }
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        return best > 0 ? best : DEFAULT_LLC_BYTES;
    }

    static long parseSize(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1L << 10;
        } else if (t.endsWith("M")) {
            unit = 1L << 20;
        } else if (t.endsWith("G")) {
            unit = 1L << 30;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        return Long.parseLong(digits.trim()) * unit;
    }
}
