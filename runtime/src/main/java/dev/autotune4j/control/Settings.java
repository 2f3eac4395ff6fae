package dev.autotune4j.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a setting comes from, highest first: the agent's arguments (the agent writes them into system
 * properties before the application starts), {@code -Dautotune4j.*} system properties, then environment
 * variables named like the property by OpenTelemetry's convention ({@code AUTOTUNE4J_MODE},
 * {@code AUTOTUNE4J_OP_BUDGET_MS}, see {@link #envName}).
 */
public final class Settings {
    public static final String MODE = AgentProtocol.Setting.MODE.property();
    public static final String CACHE = AgentProtocol.Setting.CACHE.property();
    public static final String RANK = AgentProtocol.Setting.RANK.property();

    private Settings() {
    }

    public static String get(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            value = System.getenv(envName(key));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Every setting a user may give ({@link AgentProtocol.Setting}); others under {@code autotune4j.} are reported. */
    public static final List<String> KNOWN = java.util.Arrays.stream(AgentProtocol.Setting.values())
            .map(AgentProtocol.Setting::property).toList();

    /** The environment variable of a setting: {@link AgentProtocol#envName}. */
    public static String envName(String key) {
        return AgentProtocol.envName(key);
    }

    /**
     * The {@code autotune4j.*} system properties and {@code AUTOTUNE4J_*} environment variables that name no
     * setting, each with what it may have meant: a typo must not be ignored in silence.
     */
    public static List<String> unknown(Map<?, ?> properties, Map<String, String> environment) {
        List<String> out = new ArrayList<>();
        for (Object k : properties.keySet()) {
            String key = k.toString();
            if (key.startsWith(AgentProtocol.PREFIX) && !KNOWN.contains(key) && !AgentProtocol.INTERNAL_PROPERTIES.contains(key)) {
                out.add("-D" + key + " is not a setting" + suggestion(key.toLowerCase(Locale.ROOT), false));
            }
        }
        for (String name : environment.keySet()) {
            if (name.startsWith("AUTOTUNE4J_") && KNOWN.stream().noneMatch(k -> envName(k).equals(name))) {
                out.add(name + " is not a setting" + suggestion(name.replace("_", "").toLowerCase(Locale.ROOT), true));
            }
        }
        out.sort(null);
        return out;
    }

    private static String suggestion(String squashed, boolean env) {
        for (String k : KNOWN) {
            if (k.replace(".", "").toLowerCase(Locale.ROOT).equals(squashed.replace(".", ""))) {
                return ": did you mean " + (env ? envName(k) : k) + "?";
            }
        }
        return "; the settings are " + KNOWN;
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

    /** A tolerance setting (finite, >= 0), or NaN when unset; a bad value is an error naming the key. */
    public static double getTolerance(String key) {
        String text = get(key);
        if (text == null) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("setting " + key + "=" + text + " is not a tolerance: give a number >= 0, "
                + "like 1e-4");
    }
}
