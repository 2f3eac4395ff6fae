package dev.autotune4j.dispatch;

import java.util.List;
import java.util.Optional;

/** A snapshot of every op's counters, printable as a table. */
public record Statistics(List<OpStatistics> ops) {

    public Optional<OpStatistics> op(String name) {
        return ops.stream().filter(o -> o.op().equals(name)).findFirst();
    }

    public long totalMisses() {
        return ops.stream().mapToLong(OpStatistics::misses).sum();
    }

    /** A fixed-width table, one row per op, then the miss shapes and the failures. */
    public String toTable() {
        int width = Math.max(2, ops.stream().mapToInt(o -> o.op().length()).max().orElse(2));
        StringBuilder sb = new StringBuilder();
        String row = "%-" + width + "s %10s %10s %10s %8s %8s %8s %12s %10s %9s%n";
        sb.append(String.format(row, "op", "hits", "misses", "busy", "tuned", "timed", "failed", "tuning ms", "check ms",
                "abandoned"));
        for (OpStatistics o : ops) {
            sb.append(String.format(row, o.op(), o.hits(), o.misses(), o.busyFallbacks(), o.tunedProfiles(),
                    o.timedCandidates(), o.failures().size(), String.format("%.1f", o.tuningMillis()),
                    String.format("%.1f", o.checkMillis()), o.abandonedThreads()));
        }
        for (OpStatistics o : ops) {
            if (!o.missShapes().isEmpty()) {
                sb.append("miss shapes of ").append(o.op()).append(": ").append(String.join(" ", o.missShapes()))
                        .append(System.lineSeparator());
            }
            for (Failure f : o.failures()) {
                sb.append("failed in ").append(o.op()).append(": ").append(f).append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toTable();
    }
}
