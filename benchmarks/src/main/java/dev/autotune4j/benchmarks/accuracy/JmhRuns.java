package dev.autotune4j.benchmarks.accuracy;

import dev.autotune4j.benchmarks.accuracy.AccuracyHarness.Oracle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** JMH runs of the accuracy harness kept in oracle files, and several runs taken as one. */
final class JmhRuns {
    private JmhRuns() {
    }

    /**
     * Several JMH runs as one: per case the mean of the runs' means, the largest of their errors, every fork. More
     * forks than one run's for regret and the ranking; whether a best is clear is asked of each run
     * ({@link AccuracyHarness#agreedBest}).
     */
    static Map<String, Oracle> pooled(List<Map<String, Oracle>> jmhRuns) {
        Map<String, Oracle> pooled = new HashMap<>();
        for (String kase : jmhRuns.get(0).keySet()) {
            List<Oracle> each = new ArrayList<>();
            for (Map<String, Oracle> run : jmhRuns) {
                Oracle o = run.get(kase);
                if (o == null) {
                    throw new IllegalArgumentException("a JMH run has no result for " + kase
                            + ": the oracle files must come from the same families and sizes");
                }
                each.add(o);
            }
            pooled.put(kase, new Oracle(each.stream().mapToDouble(Oracle::nanos).average().orElseThrow(),
                    each.stream().mapToDouble(Oracle::error).max().orElseThrow(),
                    each.stream().flatMapToDouble(o -> java.util.Arrays.stream(o.forks())).toArray()));
        }
        return pooled;
    }

    /** One line per case, {@code kase nanos error fork...}, after a first line with JMH's seconds. */
    static void save(Path file, Map<String, Oracle> oracle, double seconds) throws java.io.IOException {
        StringBuilder text = new StringBuilder("seconds " + seconds + "\n");
        oracle.forEach((kase, o) -> {
            text.append(kase).append(' ').append(o.nanos()).append(' ').append(o.error());
            for (double f : o.forks()) {
                text.append(' ').append(f);
            }
            text.append('\n');
        });
        Files.writeString(file, text);
    }

    /** Reads a file {@link #save} wrote into {@code oracle}; returns the seconds JMH took. */
    static double load(Path file, Map<String, Oracle> oracle) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file);
        try {
            for (String line : lines.subList(1, lines.size())) {
                String[] w = line.split(" ");
                double[] forks = java.util.Arrays.stream(w, 3, w.length).mapToDouble(Double::parseDouble).toArray();
                oracle.put(w[0], new Oracle(Double.parseDouble(w[1]), Double.parseDouble(w[2]), forks));
            }
            return Double.parseDouble(lines.get(0).split(" ")[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not an oracle file this harness wrote (" + e
                    + "): delete it to run JMH again", e);
        }
    }
}
