package dev.autotune4j.control;

import java.util.Locale;

/**
 * Where a setting comes from, highest first: the agent's arguments (the agent writes them into system
 * properties before the application starts), {@code -Dautotune4j.*} system properties, then environment
 * variables named like the property, upper-cased with underscores ({@code AUTOTUNE4J_MODE}).
 */
public final class Settings {
    public static final String MODE = "autotune4j.mode";
    public static final String CACHE = "autotune4j.cache";
    public static final String RANK = "autotune4j.rank";

    private Settings() {
    }

    public static String get(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            value = System.getenv(envName(key));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** {@code autotune4j.tacticTimeoutMs} is {@code AUTOTUNE4J_TACTICTIMEOUTMS}. */
    public static String envName(String key) {
        return key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** An int setting, or {@code fallback} when unset; a bad value is an error naming the key. */
    public static int getInt(String key, int fallback) {
        String text = get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + "=" + text + " is not an integer", e);
        }
    }
}
