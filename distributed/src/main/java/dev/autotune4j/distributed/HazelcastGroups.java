package dev.autotune4j.distributed;

import dev.autotune4j.dispatch.TuningGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Joins a tuning group over Hazelcast from the settings ({@code autotune4j.group}, {@code groupMembers},
 * {@code groupSize}, {@code rank}, {@code groupTimeoutMs}); found by the runtime through the service loader.
 * The members are listed in rank order, and each rank listens on its own entry's address: a fixed place per rank, so
 * ranks on one host do not race for ports, and the list is the whole of the join configuration. With
 * {@code autotune4j.groupClient=true} the ranks are instead clients of an existing cluster: {@code autotune4j.group}
 * is its cluster name and {@code groupMembers} some of its members.
 */
public final class HazelcastGroups implements TuningGroup.Provider {

    @Override
    public TuningGroup join(UnaryOperator<String> lookup) {
        String name = required(lookup, "autotune4j.group");
        List<String> members = new ArrayList<>();
        for (String m : required(lookup, "autotune4j.groupMembers").split(",")) {
            if (!m.isBlank()) {
                members.add(m.trim());
            }
        }
        boolean client = "true".equalsIgnoreCase(lookup.apply("autotune4j.groupClient"));
        int size = client ? intOf(lookup, "autotune4j.groupSize", 0) : intOf(lookup, "autotune4j.groupSize", members.size());
        int rank = intOf(lookup, "autotune4j.rank", 0);
        if (size < 1 || rank < 0 || rank >= size) {
            throw new IllegalArgumentException("autotune4j.rank=" + rank + " is not a rank of a group of "
                    + "autotune4j.groupSize=" + size + ": ranks are 0 to " + (size - 1));
        }
        if (client) {
            return HazelcastTuningGroup.connect(name, rank, size, members);
        }
        if (members.size() < size) {
            throw new IllegalArgumentException("autotune4j.groupMembers lists " + members.size() + " addresses for "
                    + size + " ranks: list one host:port per rank, in rank order");
        }
        Duration timeout = Duration.ofMillis(intOf(lookup, "autotune4j.groupTimeoutMs", 60_000));
        return HazelcastTuningGroup.start(name, rank, size, members, timeout);
    }

    private static String required(UnaryOperator<String> lookup, String key) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is not set: a tuning group needs its name, its members "
                    + "(host:port per rank, in rank order), its size and this process's rank");
        }
        return value.trim();
    }

    private static int intOf(UnaryOperator<String> lookup, String key, int otherwise) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + "=" + value + " is not an integer", e);
        }
    }
}
