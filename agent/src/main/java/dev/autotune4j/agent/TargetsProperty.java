package dev.autotune4j.agent;

import dev.autotune4j.control.AgentProtocol;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The methods registered for tuning without annotations (the runtime's {@code TunableTargets}), read from
 * the system property the runtime writes them to, {@code class#method(params)} separated by
 * {@link AgentProtocol#TARGETS_SEPARATOR}. Re-read only when the property changes, so a class load costs
 * one property lookup.
 */
final class TargetsProperty {

    private static volatile String lastText = "";
    private static volatile Map<String, Set<String>> byClass = Map.of();

    private TargetsProperty() {
    }

    /** Internal class name to {@code method(params)} keys. */
    static Map<String, Set<String>> current() {
        String text = System.getProperty(AgentProtocol.TARGETS, "");
        if (!text.equals(lastText)) {
            Map<String, Set<String>> parsed = new HashMap<>();
            for (String entry : text.split(AgentProtocol.TARGETS_SEPARATOR)) {
                int hash = entry.indexOf('#');
                if (hash > 0) {
                    parsed.computeIfAbsent(entry.substring(0, hash), k -> new HashSet<>()).add(entry.substring(hash + 1));
                }
            }
            byClass = parsed;
            lastText = text;
        }
        return byClass;
    }

    static boolean isTarget(String internalClassName) {
        return current().containsKey(internalClassName);
    }

    /** The registered {@code method(params)} keys of a class (empty when none). */
    static Set<String> methodsOf(String internalClassName) {
        return current().getOrDefault(internalClassName, Set.of());
    }

    /** Whether a method (name and descriptor) of a class is registered. */
    static boolean isTarget(String internalClassName, String method, String descriptor) {
        Set<String> methods = current().get(internalClassName);
        return methods != null && methods.contains(method + descriptor.substring(0, descriptor.indexOf(')') + 1));
    }
}
