package dev.autotune4j.samples.service;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The main job (README, Quick start): the product's first use, an inference service that runs without autotune4j,
 * gets it attached while it serves, and keeps the tuned choices across a restart.
 * <ol>
 *   <li>the service starts without the agent and serves a steady load (the baseline latency and checksums);</li>
 *   <li>{@code java -jar autotune4j-agent.jar attach <pid> mode=tune cache=...}: the agent rewrites the
 *       {@code @Tunable} methods; the load goes on, served at once, while the agent's tuner thread tunes each op's
 *       token bucket as it is first hit (progress shown); then {@code attach <pid> save};</li>
 *   <li>the service restarts with {@code -javaagent:...=mode=replay}: it loads the cache and serves the same load
 *       with the tuned choices, from its first request.</li>
 * </ol>
 * Then it prints the chosen runner and tactic per op and bucket with fallback and tuned times (the agent's
 * {@code report} command, which also writes the HTML page with the request latency over the whole story), the
 * latency before and after, and checks that the replay run did no tuning, missed nothing the load sends, and
 * matched the checksums of the service without the agent.
 *
 * <p>Run: {@code ./demo} (builds first), or {@code java -cp 'samples/target/classes:samples/target/lib/*'
 * dev.autotune4j.samples.service.Demo [--quick] [--out DIR] [--agent JAR]}.
 */
public final class Demo {
    /** Checksums of a tuned run match the fallback's within this relative tolerance (summation order differs). */
    static final double TOLERANCE = 1e-3;
    /** Requests a second of the steady load, from two clients. */
    static final int RATE = 100;

    private Demo() {
    }

    /** What the demo found; {@link #ok()} when the replay did no tuning, missed nothing and matched the fallback. */
    public record Summary(int requests, double beforeP50, double beforeP99, double afterP50, double afterP99,
                          long replayTunedProfiles, long replayHits, long replayMisses, int checksumMismatches,
                          long failedRequests, Path cache, Path html, Path timeline, long tuningMillis,
                          long checkMillis, long wrongAnswers) {
        public boolean ok() {
            return replayTunedProfiles == 0 && replayMisses == 0 && replayHits > 0 && checksumMismatches == 0
                    && failedRequests == 0;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = Path.of("target/demo");
        Path agent = Path.of("agent/target/autotune4j-agent.jar");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--agent" -> agent = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: Demo [--quick] [--out DIR] [--agent autotune4j-agent.jar]");
                    System.exit(2);
                }
            }
        }
        Summary s = run(quick, out, agent);
        System.exit(s.ok() ? 0 : 1);
    }

    public static Summary run(boolean quick, Path out, Path agent) throws Exception {
        if (!Files.isRegularFile(agent)) {
            throw new IllegalStateException("agent jar " + agent.toAbsolutePath() + " not found: build it with "
                    + "'mvn -B -q -DskipTests install' (./demo does) or pass --agent");
        }
        Files.createDirectories(out);
        Path cache = out.resolve("tuning.json").toAbsolutePath();
        Path rankFile = out.resolve("tuning.rank0.json").toAbsolutePath();
        Files.deleteIfExists(rankFile);
        List<LoadDriver.Request> plan = LoadDriver.plan(quick ? 24 : 240, SteadyLoad.SIZES, 7);
        List<String> model = quick ? List.of("32", "64") : List.of("128", "256");
        List<String> knobs = quick ? List.of("-Dautotune4j.warmupMs=4", "-Dautotune4j.repeat=3") : List.of();
        int seconds = quick ? 3 : 10;
        List<SteadyLoad.Phase> phases = new ArrayList<>();

        say("1/3 the service runs without autotune4j (no agent): " + RATE + " requests a second for " + seconds
                + " s, and " + plan.size() + " requests whose answers are kept to compare");
        LoadDriver.Result before;
        String tunedStats;
        try (ServiceProcess svc = ServiceProcess.start(agent, null, knobs, model)) {
            before = svc.driver.run(plan, 2);
            phases.add(SteadyLoad.run(svc.driver, 2, RATE, seconds, "without autotune4j"));

            say("2/3 attach while it serves: java -jar " + agent.getFileName() + " attach " + svc.pid() + " mode=tune "
                    + "cache=" + cache.getFileName() + "; requests are served at once (the plain loops while their "
                    + "bucket waits) and the tuner thread tunes each op's bucket when it is first hit");
            SteadyLoad attaching = new SteadyLoad(svc.driver, 2, RATE, "attaching");
            System.out.print(indent(svc.attach(agent, "mode=tune", "cache=" + cache)));
            svc.awaitDispatching(plan);
            svc.awaitTunerBegun();
            phases.add(attaching.stop());
            SteadyLoad tuning = new SteadyLoad(svc.driver, 2, RATE, "tuning in the background");
            svc.showProgress = true;
            svc.driver.run(plan, 2);   // the checksum plan's buckets are tuned too, for the replay to compare
            svc.awaitTuned();
            Thread.sleep(1000);        // a bucket the load first hits now is queued now
            svc.awaitTuned();
            svc.showProgress = false;
            phases.add(tuning.stop());
            phases.add(SteadyLoad.run(svc.driver, 2, RATE, seconds, "tuned (same JVM)"));
            tunedStats = svc.driver.get("/stats");
            System.out.printf(Locale.ROOT, "   the answer check (on by default): %d ms of the %d ms of tuning; %d tactic(s) "
                    + "computed another answer than the fallback and could not win%n", sum(tunedStats, "checkMillis"),
                    sum(tunedStats, "tuningMillis"), sum(tunedStats, "wrongAnswers"));
            System.out.print(indent(svc.attach(agent, "save")));
            svc.stop();
        }

        say("3/3 restart in replay: a new JVM with -javaagent:" + agent.getFileName() + "=mode=replay,cache="
                + cache.getFileName() + " loads " + rankFile.getFileName() + " and serves the same load");
        LoadDriver.Result after;
        String stats;
        long missesBefore;
        try (ServiceProcess svc = ServiceProcess.start(agent, "mode=replay,cache=" + cache, knobs, model)) {
            svc.awaitDispatching(plan);
            // count the clients' misses only, not any of the service's own warm-up
            missesBefore = sum(svc.driver.get("/stats"), "misses");
            after = svc.driver.run(plan, 2);
            phases.add(SteadyLoad.run(svc.driver, 2, RATE, seconds, "replay (restarted)"));
            stats = svc.driver.get("/stats");
            svc.stop();
        }

        int mismatches = 0;
        for (int i = 0; i < plan.size(); i++) {
            double a = before.checksums()[i];
            double b = after.checksums()[i];
            if (Math.abs(a - b) > TOLERANCE * Math.max(1, Math.abs(a))) {
                mismatches++;
            }
        }
        Path timeline = out.resolve("latency.csv").toAbsolutePath();
        try (Writer w = Files.newBufferedWriter(timeline)) {
            w.write("phase,atMs,latencyMs\n");
            for (SteadyLoad.Phase p : phases) {
                p.writeTimeline(w, phases.get(0).began());
            }
        }
        SteadyLoad.Phase baseline = phases.get(0);
        SteadyLoad.Phase replay = phases.get(phases.size() - 1);
        long failed = phases.stream().mapToLong(SteadyLoad.Phase::failed).sum();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-26s %8s %8s %8s %8s %8s%n", "phase", "requests", "failed", "p50 ms", "p99 ms", "max ms");
        for (SteadyLoad.Phase p : phases) {
            System.out.printf(Locale.ROOT, "%-26s %8d %8d %8.2f %8.2f %8.2f%n", p.name(), p.requests(), p.failed(),
                    p.p(50), p.p(99), p.max());
        }
        Path html = out.resolve("report.html").toAbsolutePath();
        String latency = String.format(Locale.ROOT, "request latency p50 / p99 (ms)=without autotune4j %.2f / %.2f, "
                + "replay %.2f / %.2f", baseline.p(50), baseline.p(99), replay.p(50), replay.p(99));
        System.out.println();
        report(agent, rankFile, html, latency, timeline);
        Summary summary = new Summary(plan.size(), baseline.p(50), baseline.p(99), replay.p(50), replay.p(99),
                sum(stats, "tunedProfiles"), sum(stats, "hits"), sum(stats, "misses") - missesBefore, mismatches,
                failed, rankFile, html, timeline, sum(tunedStats, "tuningMillis"), sum(tunedStats, "checkMillis"),
                sum(tunedStats, "wrongAnswers"));
        System.out.println();
        System.out.printf(Locale.ROOT, "request latency   p50 %8.2f ms -> %8.2f ms   (%.2fx)%n", summary.beforeP50(),
                summary.afterP50(), summary.beforeP50() / summary.afterP50());
        System.out.printf(Locale.ROOT, "                  p99 %8.2f ms -> %8.2f ms   (%.2fx)%n", summary.beforeP99(),
                summary.afterP99(), summary.beforeP99() / summary.afterP99());
        System.out.printf("replay run: %d profiles tuned, %d tuned calls, %d misses; checksums matching the service "
                        + "without autotune4j: %d/%d; failed requests over all phases: %d%n",
                summary.replayTunedProfiles(), summary.replayHits(), summary.replayMisses(),
                plan.size() - mismatches, plan.size(), failed);
        gpu(agent, out);
        System.out.println(summary.ok() ? "OK" : "NOT OK: see above");
        return summary;
    }

    private static String indent(String text) {
        return text.lines().map(l -> "   " + l + System.lineSeparator()).reduce("", String::concat);
    }

    /** With a GPU, the GPU ops tuned in one JVM and replayed in the next; without, one line says why not. */
    private static void gpu(Path agent, Path out) throws Exception {
        if (!dev.autotune4j.cuda.Cuda.available()) {
            System.out.println("GPU ops skipped: " + dev.autotune4j.cuda.Cuda.unavailableReason());
            return;
        }
        Path cache = out.resolve("gpu.json").toAbsolutePath();
        for (String mode : new String[] {"tune", "replay"}) {
            say("GPU ops (" + mode + ")");
            Process p = new ProcessBuilder(javaBin(), "-javaagent:" + agent.toAbsolutePath() + "=mode=" + mode + ",tuning=inline,cache=" + cache,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "--enable-native-access=ALL-UNNAMED", "-cp", ServiceProcess.classpath(),
                    dev.autotune4j.samples.gpu.GpuDemo.class.getName()).redirectErrorStream(true).start();
            System.out.print(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the GPU demo failed");
            }
        }
        report(agent, out.resolve("gpu.rank0.json").toAbsolutePath(), out.resolve("gpu-report.html").toAbsolutePath(),
                "device=GPU ops", null);
    }

    private static void report(Path agent, Path cache, Path html, String note, Path timeline) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", agent.toString(), "report", cache.toString(),
                "--html", html.toString(), "--note", note));
        if (timeline != null) {
            cmd.addAll(List.of("--timeline", timeline.toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String label = note.substring(0, note.indexOf('=')) + ": ";
        // the note is for the HTML page; the demo prints the same figures itself, below the table
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith(label)).forEach(System.out::println);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the report command failed");
        }
    }

    /** Sums a counter over the ops in a /stats answer. */
    static long sum(String stats, String field) {
        long total = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":(\\d+)").matcher(stats);
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    private static void say(String line) {
        System.out.println();
        System.out.println("== " + line);
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
