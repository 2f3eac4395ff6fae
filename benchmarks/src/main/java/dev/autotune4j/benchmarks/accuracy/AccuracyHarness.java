package dev.autotune4j.benchmarks.accuracy;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accuracy harness (issue 12): JMH times every tactic of every {@link Family} at every size (the oracle), then
 * each family is tuned in N fresh JVMs ({@link TuneInFreshJvm}), optionally while K busy processes compete for the
 * cores, and the picks are scored per family, as FlashInfer's harness scores its tuner:
 * <ul>
 *   <li><b>top-1</b>: picks that are JMH's fastest tactic, over the sizes where JMH's own forks agree: its best is
 *       ahead of the second by more than both errors, and every fork of it ran faster than every fork of each other
 *       tactic (one case's forks are separate JVMs, so forks of different tactics do not pair up: the ranges must
 *       not overlap);</li>
 *   <li><b>regret</b>: geometric mean of JMH's time of the pick over JMH's best, over every size and over the sizes
 *       where JMH's forks agree (where they do not, as for 8 x 8 matrices when each call allocated its output and
 *       the forks ran one tactic anywhere from 512 to 1900 ns, JMH's mean names no best);</li>
 *   <li><b>flips</b>: sizes whose picks differ between JVMs, over the sizes where JMH's best and second are 10% or
 *       more apart, and of those the ones where JMH's forks agree; the <b>flip rate</b> is the share of those
 *       sizes' picks that are not the size's most common pick (one JVM of 10 choosing otherwise: 10%);</li>
 *   <li><b>false wins</b>: picks of identical code reported 5% or more faster than the fallback;</li>
 *   <li><b>first-profile spread</b> (identical family): JVMs whose six tactics' medians are within 1.3x;</li>
 *   <li><b>tuning time</b>: the tuner's time per family against JMH's;</li>
 *   <li><b>regret in its JVM</b> ({@code --same-jvm}): as regret, but against the tuning JVM's own times of every
 *       tactic, taken right after each size's tuning in a loop like JMH's. JMH times each size in JVMs of its own;
 *       a tuning JVM has run the smaller sizes first, and C2's code for a tactic can differ for it (i-k-j at 64 x 64
 *       ran 77-81 µs instead of 30 in 4 fresh JVMs of 14, and kept running there). A pick that is JMH's second but
 *       this JVM's best is right about the JVM that will run it.</li>
 * </ul>
 * With {@code --jvm-per-size} each size is tuned in a fresh JVM of its own, as JMH times it: every profile is then
 * the first of its JVM, and no smaller size has shaped the code the JVM runs.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.autotune4j.benchmarks.accuracy.AccuracyHarness
 * [--jvms N] [--forks F] [--busy K] [--families loops,threads,identical] [--out FILE] [--oracle FILE]
 * [--agree-with FILE,...] [--same-jvm] [--jvm-per-size]}.
 * {@code --oracle} keeps JMH's results in FILE: written when it does not exist, read (and JMH not run) when it does,
 * so that a quiet and a busy run are scored against the same oracle. {@code --agree-with} names the oracle files of
 * other JMH runs: a size then counts as clear (for top-1, and regret and flips where JMH is clear) only where every
 * run is clear and names the same best. One run's forks can all agree by chance where runs do not: at 100,000
 * elements three of nine runs were clear that two threads are 2-4% faster; in the others the forks or the errors
 * overlapped, and one had two threads 1.8% slower. The times (regret, the ranking) are then the runs' pooled means,
 * as from one run with all their forks; the tuning time is still set against the {@code --oracle} run's. The
 * verdict of every pick that is not JMH's fastest goes to standard error, for the why.
 */
public final class AccuracyHarness {
    private AccuracyHarness() {
    }

    /** JMH's mean time of one case with its error, and each fork's mean. */
    record Oracle(double nanos, double error, double[] forks) {
        double slowestFork() {
            return java.util.Arrays.stream(forks).max().orElse(nanos);
        }

        double fastestFork() {
            return java.util.Arrays.stream(forks).min().orElse(nanos);
        }
    }

    /** One size's pick in one tuning JVM; {@code own}: that JVM's own times of every tactic, or null. */
    record Pick(int size, int chosen, boolean accepted, double speedup, double millis, double[] medians, String why,
                double[] own) {
    }

    public static void main(String[] args) throws Exception {
        int jvms = 5;
        int forks = 4;
        int busy = 0;
        Path out = null;
        Path oracleFile = null;
        List<Path> agreeWith = List.of();
        boolean sameJvm = false;
        boolean jvmPerSize = false;
        List<Family> families = new ArrayList<>(List.of(Family.values()));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jvms" -> jvms = Integer.parseInt(args[++i]);
                case "--forks" -> forks = Integer.parseInt(args[++i]);
                case "--busy" -> busy = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--oracle" -> oracleFile = Path.of(args[++i]);
                case "--same-jvm" -> sameJvm = true;
                case "--jvm-per-size" -> jvmPerSize = true;
                case "--agree-with" -> agreeWith = java.util.Arrays.stream(args[++i].split(",")).map(Path::of).toList();
                case "--families" -> families = java.util.Arrays.stream(args[++i].split(","))
                        .map(f -> Family.valueOf(f.trim().toUpperCase(Locale.ROOT))).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + ": use --jvms N, --forks F, --busy K, --families loops,threads,identical, --out FILE, --oracle FILE, "
                        + "--agree-with FILE,..., --same-jvm, --jvm-per-size");
            }
        }
        List<String> cases = new ArrayList<>();
        for (Family f : families) {
            for (int size : f.sizes) {
                for (int t = 0; t < f.tactics.size(); t++) {
                    cases.add(f + ":" + size + ":" + t);
                }
            }
        }
        Map<String, Oracle> oracle = new HashMap<>();
        double jmhSeconds = oracleFile != null && Files.exists(oracleFile) ? JmhRuns.load(oracleFile, oracle)
                : runJmh(cases, forks, oracle);
        if (oracleFile != null && !Files.exists(oracleFile)) {
            JmhRuns.save(oracleFile, oracle, jmhSeconds);
        }
        if (oracle.isEmpty()) {
            throw new IllegalStateException("JMH gave no results" + (oracleFile == null ? "" : " (" + oracleFile
                    + " holds none: delete it to run JMH again)"));
        }
        forks = oracle.values().iterator().next().forks().length;
        List<Map<String, Oracle>> jmhRuns = new ArrayList<>(List.of(oracle));
        for (Path file : agreeWith) {
            Map<String, Oracle> other = new HashMap<>();
            JmhRuns.load(file, other);
            jmhRuns.add(other);
        }
        Map<String, Oracle> jmhTimes = jmhRuns.size() == 1 ? oracle : JmhRuns.pooled(jmhRuns);

        List<Process> hogs = new ArrayList<>();
        for (int i = 0; i < busy; i++) {
            hogs.add(java(BusyLoop.class.getName()).start());
        }
        StringBuilder report = new StringBuilder();
        try {
            report.append(String.format(Locale.ROOT, "JMH: %d cases, %d forks, %.0f s; tuner: %d fresh JVMs per family, "
                    + "%d busy processes%s%s%n%n", oracle.size(), forks, jmhSeconds, jvms, busy,
                    jvmPerSize ? "; each size in a fresh JVM of its own" : "", agreeWith.isEmpty() ? ""
                    : "; with the JMH runs of " + agreeWith + ": times pooled over all " + jmhRuns.size()
                    + " runs, JMH clear where every run is"));
            report.append("| family | top-1 (JMH clear) | regret | regret (JMH clear) | flips (>=10% apart) | flip rate "
                    + "| flips (JMH clear) | false wins | first-profile spread within 1.3x | tuning s per JVM | JMH s | tuning / JMH "
                    + "| regret in its JVM |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            StringBuilder details = new StringBuilder("\n| family | size | JMH ns per tactic (error; forks fastest-slowest) | picks (tactic: JVMs) |\n"
                    + "| --- | --- | --- | --- |\n");
            for (Family f : families) {
                List<List<Pick>> runs = new ArrayList<>();
                for (int j = 0; j < jvms; j++) {
                    if (jvmPerSize) {
                        List<Pick> run = new ArrayList<>();
                        for (int size : f.sizes) {
                            run.addAll(tune(f, sameJvm, List.of(size)));
                        }
                        runs.add(run);
                    } else {
                        runs.add(tune(f, sameJvm, f.sizes));
                    }
                }
                double familyJmhSeconds = jmhSeconds * f.sizes.size() * f.tactics.size() / oracle.size();
                report.append(score(f, runs, jmhTimes, jmhRuns, familyJmhSeconds));
                for (int s = 0; s < f.sizes.size(); s++) {
                    int size = f.sizes.get(s);
                    StringBuilder times = new StringBuilder();
                    for (int t = 0; t < f.tactics.size(); t++) {
                        Oracle o = time(jmhTimes, f, size, t);
                        times.append(String.format(Locale.ROOT, "%s%s %.0f (%.0f; forks %.0f-%.0f)", t == 0 ? "" : ", ",
                                f.tactics.get(t), o.nanos(), o.error(), o.fastestFork(), o.slowestFork()));
                    }
                    Map<String, Integer> histogram = new java.util.TreeMap<>();
                    for (List<Pick> run : runs) {
                        histogram.merge(f.tactics.get(run.get(s).chosen()), 1, Integer::sum);
                    }
                    details.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", f.name().toLowerCase(Locale.ROOT),
                            size, times, histogram));
                }
            }
            report.append(details);
        } finally {
            hogs.forEach(Process::destroyForcibly);
        }
        System.out.print(report);
        if (out != null) {
            Files.writeString(out, report.toString());
        }
    }

    private static ProcessBuilder java(String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    }

    /** Tunes {@code sizes} of the family, in order, in one fresh JVM. */
    private static List<Pick> tune(Family f, boolean sameJvm, List<Integer> sizes) throws Exception {
        List<String> args = new ArrayList<>(List.of(f.name()));
        if (sameJvm) {
            args.add("same-jvm");
        }
        if (!sizes.equals(f.sizes)) {
            sizes.forEach(size -> args.add("size=" + size));
        }
        Process p = java(TuneInFreshJvm.class.getName(), args.toArray(String[]::new)).start();
        Map<Integer, double[]> own = new HashMap<>();
        List<Pick> picks = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("verdict ")) {
                    verdicts.add(line);
                } else if (line.startsWith("own ")) {
                    String[] w = line.split(" ");
                    own.put(Integer.parseInt(w[2]), java.util.Arrays.stream(w, 3, w.length).mapToDouble(Double::parseDouble)
                            .toArray());
                } else if (line.startsWith("pick ")) {
                    String[] w = line.split(" ");
                    double[] medians = new double[w.length - 7];
                    for (int i = 0; i < medians.length; i++) {
                        medians[i] = Double.parseDouble(w[7 + i]);
                    }
                    picks.add(new Pick(Integer.parseInt(w[2]), Integer.parseInt(w[3]), Boolean.parseBoolean(w[4]),
                            Double.parseDouble(w[5]), Double.parseDouble(w[6]), medians, "", null));
                }
            }
        }
        for (int k = 0; k < picks.size(); k++) {
            Pick p0 = picks.get(k);
            String prefix = "verdict " + f + " " + p0.size() + ": ";
            String why = verdicts.stream().filter(v -> v.startsWith(prefix)).map(v -> v.substring(prefix.length()))
                    .findFirst().orElse("");
            picks.set(k, new Pick(p0.size(), p0.chosen(), p0.accepted(), p0.speedup(), p0.millis(), p0.medians(), why,
                    own.get(p0.size())));
        }
        if (p.waitFor() != 0 || picks.size() != sizes.size()) {
            throw new IllegalStateException("the tuning JVM for " + f + " failed (exit " + p.exitValue() + ", "
                    + picks.size() + " picks)");
        }
        return picks;
    }

    private static String score(Family f, List<List<Pick>> runs, Map<String, Oracle> oracle,
                                List<Map<String, Oracle>> jmhRuns, double jmhSeconds) {
        int agree = 0;
        int clear = 0;
        double logRegret = 0;
        int picks = 0;
        double logRegretClear = 0;
        int flips = 0;
        int apart = 0;
        int flipsClear = 0;
        int apartClear = 0;
        int offModal = 0;
        int apartPicks = 0;
        int falseWins = 0;
        int tight = 0;
        double tuningMillis = 0;
        double logOwnRegret = 0;
        int ownPicks = 0;
        for (int s = 0; s < f.sizes.size(); s++) {
            int size = f.sizes.get(s);
            int[] ranked = bestTwo(oracle, f, size);
            int best = ranked[0];
            Oracle b = time(oracle, f, size, best);
            Oracle n = time(oracle, f, size, ranked[1]);
            boolean jmhClear = agreedBest(jmhRuns, f, size) == best;
            boolean tenPercent = n.nanos() >= 1.1 * b.nanos();
            java.util.Set<Integer> chosen = new java.util.HashSet<>();
            Map<Integer, Integer> votes = new HashMap<>();
            for (List<Pick> run : runs) {
                Pick p = run.get(s);
                chosen.add(p.chosen());
                votes.merge(p.chosen(), 1, Integer::sum);
                double regret = Math.log(time(oracle, f, size, p.chosen()).nanos() / b.nanos());
                logRegret += regret;
                picks++;
                if (jmhClear) {
                    clear++;
                    agree += p.chosen() == best ? 1 : 0;
                    logRegretClear += regret;
                }
                if (p.own() != null) {
                    logOwnRegret += Math.log(p.own()[p.chosen()] / java.util.Arrays.stream(p.own()).min().orElseThrow());
                    ownPicks++;
                }
                if (p.chosen() != best) {
                    System.err.printf(Locale.ROOT, "not JMH's best (%s): %s %d: %s%s%n", f.tactics.get(best), f, size,
                            p.why(), p.own() == null ? "" : "; this JVM's own times " + java.util.Arrays.toString(p.own()));
                }
                if (f == Family.IDENTICAL && p.accepted() && p.speedup() >= 1.05) {
                    falseWins++;
                }
                if (f == Family.IDENTICAL && s == 0) {
                    double min = java.util.Arrays.stream(p.medians()).min().orElse(0);
                    double max = java.util.Arrays.stream(p.medians()).max().orElse(0);
                    tight += max <= 1.3 * min ? 1 : 0;
                }
                tuningMillis += p.millis();
            }
            if (tenPercent) {
                apart++;
                flips += chosen.size() > 1 ? 1 : 0;
                offModal += runs.size() - java.util.Collections.max(votes.values());
                apartPicks += runs.size();
                if (jmhClear) {
                    apartClear++;
                    flipsClear += chosen.size() > 1 ? 1 : 0;
                }
            }
        }
        return String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %s | %s | %s | %s | %s | %.1f | %.0f | %.1f%% | %s |%n",
                f.name().toLowerCase(Locale.ROOT), clear == 0 ? "n/a (JMH not clear)" : agree + "/" + clear,
                Math.exp(logRegret / picks), clear == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f",
                Math.exp(logRegretClear / clear)), apart == 0 ? "n/a" : flips + "/" + apart,
                apart == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * offModal / apartPicks),
                apartClear == 0 ? "n/a" : flipsClear + "/" + apartClear, f == Family.IDENTICAL ? falseWins + "/" + picks : "n/a",
                f == Family.IDENTICAL ? tight + "/" + runs.size() : "n/a", tuningMillis / 1000 / runs.size(), jmhSeconds,
                100 * tuningMillis / 1000 / runs.size() / jmhSeconds,
                ownPicks == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", Math.exp(logOwnRegret / ownPicks)));
    }

    /** The fastest and the second fastest tactic by JMH's mean. */
    private static int[] bestTwo(Map<String, Oracle> oracle, Family f, int size) {
        int best = 0;
        int second = -1;
        for (int t = 1; t < f.tactics.size(); t++) {
            if (time(oracle, f, size, t).nanos() < time(oracle, f, size, best).nanos()) {
                second = best;
                best = t;
            } else if (second < 0 || time(oracle, f, size, t).nanos() < time(oracle, f, size, second).nanos()) {
                second = t;
            }
        }
        return new int[] {best, second};
    }

    /** The tactic every JMH run has fastest, each with its forks agreeing ({@link #clear}); -1 where they do not. */
    static int agreedBest(List<Map<String, Oracle>> runs, Family f, int size) {
        int agreed = clearBest(runs.get(0), f, size);
        for (Map<String, Oracle> run : runs.subList(1, runs.size())) {
            agreed = clearBest(run, f, size) == agreed ? agreed : -1;
        }
        return agreed;
    }

    /** The tactic this JMH run has fastest where its forks agree ({@link #clear}), or -1. */
    private static int clearBest(Map<String, Oracle> oracle, Family f, int size) {
        int[] ranked = bestTwo(oracle, f, size);
        List<Oracle> others = new ArrayList<>();
        for (int t = 0; t < f.tactics.size(); t++) {
            if (t != ranked[0]) {
                others.add(time(oracle, f, size, t));
            }
        }
        return clear(time(oracle, f, size, ranked[0]), time(oracle, f, size, ranked[1]), others) ? ranked[0] : -1;
    }

    /**
     * Whether JMH's own runs agree that {@code best} is fastest: its mean is ahead of the {@code second}'s by more
     * than both errors, and each of its forks ran faster than every fork of each other tactic.
     */
    static boolean clear(Oracle best, Oracle second, List<Oracle> others) {
        boolean clear = best.nanos() + best.error() < second.nanos() - second.error();
        for (Oracle o : others) {
            clear &= best.slowestFork() < o.fastestFork();
        }
        return clear;
    }

    /** Runs JMH on every case (3 x 300 ms warmup, 5 x 300 ms measurement per fork); returns its seconds. */
    private static double runJmh(List<String> cases, int forks, Map<String, Oracle> oracle) throws Exception {
        long start = System.nanoTime();
        for (RunResult r : new Runner(new OptionsBuilder().include(FamilyBenchmark.class.getName())
                .param("kase", cases.toArray(String[]::new)).forks(forks).warmupIterations(3)
                .warmupTime(TimeValue.milliseconds(300)).measurementIterations(5)
                .measurementTime(TimeValue.milliseconds(300)).build()).run()) {
            double[] perFork = r.getBenchmarkResults().stream().mapToDouble(b -> b.getPrimaryResult().getScore()).toArray();
            oracle.put(r.getParams().getParam("kase"), new Oracle(r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError(), perFork));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Oracle time(Map<String, Oracle> oracle, Family f, int size, int tactic) {
        Oracle o = oracle.get(f + ":" + size + ":" + tactic);
        if (o == null) {
            throw new IllegalStateException("JMH has no result for " + f + ":" + size + ":" + tactic + " (with --oracle, "
                    + "the file was written for other families or sizes: delete it, or name another, to run JMH again)");
        }
        return o;
    }
}
