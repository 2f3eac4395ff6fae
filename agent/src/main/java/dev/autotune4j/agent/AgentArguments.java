package dev.autotune4j.agent;

import dev.autotune4j.control.AgentProtocol;
import dev.autotune4j.control.AgentProtocol.Setting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's argument string: comma-separated {@code key=value} settings and bare commands, e.g.
 * {@code mode=tune,cache=/tmp/t.json} or {@code save}. Keys are the system property names without the
 * {@code autotune4j.} prefix.
 */
record AgentArguments(Map<String, String> settings, List<String> commands) {
    /** Settings the agent knows ({@link Setting}); anything else is an error naming these. */
    static final List<String> KEYS = Arrays.stream(Setting.values()).map(Setting::key).toList();

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
                    if (!AgentProtocol.COMMANDS.contains(command)) {
                        throw new IllegalArgumentException("unknown agent command '" + p + "': use one of " + AgentProtocol.COMMANDS
                                + " or key=value with a key of " + KEYS);
                    }
                    commands.add(command);
                    continue;
                }
                String key = p.substring(0, eq).trim();
                String value = p.substring(eq + 1).trim();
                Setting setting = Setting.of(key);
                if (setting == null) {
                    throw new IllegalArgumentException("unknown agent setting '" + key + "': use one of " + KEYS);
                }
                if (!setting.choices().isEmpty()) {
                    value = setting.require(value);
                }
                key = setting.key();
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
