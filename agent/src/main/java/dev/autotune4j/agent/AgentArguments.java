package dev.autotune4j.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agent's argument string: comma-separated {@code key=value} settings and bare commands, e.g.
 * {@code mode=tune,cache=/tmp/t.json} or {@code save}. Keys are the system property names without the
 * {@code autotune4j.} prefix.
 */
record AgentArguments(Map<String, String> settings, List<String> commands) {
    /** Settings the agent knows; anything else is an error naming these. */
    static final Set<String> KEYS = Set.of("mode", "cache", "rank", "tuning", "sweep", "check", "atol", "rtol", "warmup", "warmupMs", "repeat",
            "minSampleUs", "shortProfileMs", "tacticBudgetMs", "tacticTimeoutMs", "opBudgetMs", "cacheMaxMb",
            "cacheMaxEntries", "lockTimeoutMs", "contention", "minGainPercent");
    static final Set<String> COMMANDS = Set.of("save", "load", "clear", "stats", "pretune", "sweep");

    static AgentArguments parse(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq < 0) {
                    String command = p.toLowerCase(Locale.ROOT);
                    if (!COMMANDS.contains(command)) {
                        throw new IllegalArgumentException("unknown agent command '" + p + "': use one of " + COMMANDS
                                + " or key=value with a key of " + KEYS);
                    }
                    commands.add(command);
                    continue;
                }
                String key = p.substring(0, eq).trim();
                String value = p.substring(eq + 1).trim();
                if (key.startsWith("autotune4j.")) {
                    key = key.substring("autotune4j.".length());
                }
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown agent setting '" + key + "': use one of " + KEYS);
                }
                if (key.equals("mode") && !Set.of("tune", "replay", "off").contains(value.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("mode=" + value + " is not a mode: use tune, replay or off");
                }
                if (key.equals("tuning") && !Set.of("background", "inline").contains(value)) {
                    throw new IllegalArgumentException("tuning=" + value + " is not a way to tune: use background or inline");
                }
                if (key.equals("sweep") && !Set.of("bucket", "all").contains(value)) {
                    throw new IllegalArgumentException("sweep=" + value + " is not a sweep: use bucket or all");
                }
                if (key.equals("check") && !Set.of("on", "off").contains(value)) {
                    throw new IllegalArgumentException("check=" + value + " is not a check setting: use on or off");
                }
                settings.put(key, value);
            }
        }
        return new AgentArguments(Collections.unmodifiableMap(settings), List.copyOf(commands));
    }

    /** The argument string that parses back to these. */
    String format() {
        List<String> parts = new ArrayList<>();
        settings.forEach((k, v) -> parts.add(k + "=" + v));
        parts.addAll(commands);
        return String.join(",", parts);
    }
}
