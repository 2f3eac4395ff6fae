package dev.autotune4j.samples.service;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The main job (README, Quick start): the inference service three times, each in its own JVM with the agent.
 * <ol>
 *   <li>{@code off}: the plain loops (the fallbacks); the same load gives the baseline latency and checksums;</li>
 *   <li>{@code tune}: the requests are served at once while the agent's tuner thread tunes each op's token
 *       bucket as it is first hit (progress shown); the cache is saved when the service stops;</li>
 *   <li>{@code replay}: a new JVM loads the cache and serves the same load with the tuned choices.</li>
 * </ol>
 * Then it prints the chosen runner and tactic per op and bucket with fallback and tuned times (the agent's
 * {@code report} command, which also writes the HTML page), the request latency before and after, and checks
 * that the replay run did no tuning and that its checksums match the fallback's.
 *
 * <p>Run: {@code ./demo} (builds first), or {@code java -cp 'samples/target/classes:samples/target/lib/*'
 * dev.autotune4j.samples.service.Demo [--quick] [--out DIR] [--agent JAR]}.
 */
public final class Demo {
    /** Checksums of a tuned run match the fallback's within this relative tolerance (summation order differs). */
    static final double TOLERANCE = 1e-3;

    private Demo() {
    }

    /** What the demo found; {@link #ok()} when the replay did no tuning, missed nothing and matched the fallback. */
    public record Summary(int requests, double beforeP50, double beforeP99, double afterP50, double afterP99,
                          long replayTunedProfiles, long replayHits, long replayMisses, int checksumMismatches,
                          Path cache, Path html) {
        public boolean ok() {
            return replayTunedProfiles == 0 && replayMisses == 0 && replayHits > 0 && checksumMismatches == 0;
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
        int[] sizes = quick ? new int[] {1, 3, 8, 13} : new int[] {1, 2, 5, 8, 13, 24, 40, 64, 96};
        List<LoadDriver.Request> plan = LoadDriver.plan(quick ? 24 : 240, sizes, 7);
        List<String> model = quick ? List.of("32", "64") : List.of("128", "256");
        List<String> knobs = quick ? List.of("-Dautotune4j.warmupMs=4", "-Dautotune4j.repeat=3") : List.of();

        say("1/3 baseline: the service with autotune4j off (the plain loops), " + plan.size() + " requests");
        LoadDriver.Result before;
        try (ServiceProcess svc = ServiceProcess.start(agent, "mode=off", knobs, model)) {
            svc.driver.run(plan, 2);
            before = svc.driver.run(plan, 2);
            svc.stop();
        }

        say("2/3 tuning in the background: requests are served at once (the plain loops while their bucket waits); "
                + "the tuner thread tunes each op's bucket when it is first hit");
        try (ServiceProcess svc = ServiceProcess.start(agent, "mode=tune,cache=" + cache, knobs, model)) {
            svc.showProgress = true;
            svc.awaitDispatching(plan);
            svc.driver.run(plan, 2);
            svc.awaitTuned();
            svc.driver.run(plan, 2);   // served by the tuned choices; a bucket missed the first time is tuned now
            svc.awaitTuned();
            svc.stop();
        }

        say("3/3 replay: a new JVM loads " + rankFile.getFileName() + " and serves the same load");
        LoadDriver.Result after;
        String stats;
        try (ServiceProcess svc = ServiceProcess.start(agent, "mode=replay,cache=" + cache, knobs, model)) {
            svc.awaitDispatching(plan);
            svc.driver.run(plan, 2);
            after = svc.driver.run(plan, 2);
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
        Path html = out.resolve("report.html").toAbsolutePath();
        String latency = String.format(Locale.ROOT, "request latency p50 / p99 (ms)=before %.2f / %.2f, after %.2f / %.2f",
                before.percentile(50), before.percentile(99), after.percentile(50), after.percentile(99));
        System.out.println();
        report(agent, rankFile, html, latency);
        Summary summary = new Summary(plan.size(), before.percentile(50), before.percentile(99), after.percentile(50),
                after.percentile(99), sum(stats, "tunedProfiles"), sum(stats, "hits"), sum(stats, "misses"), mismatches,
                rankFile, html);
        System.out.println();
        System.out.printf(Locale.ROOT, "request latency   p50 %8.2f ms -> %8.2f ms   (%.2fx)%n", summary.beforeP50(),
                summary.afterP50(), summary.beforeP50() / summary.afterP50());
        System.out.printf(Locale.ROOT, "                  p99 %8.2f ms -> %8.2f ms   (%.2fx)%n", summary.beforeP99(),
                summary.afterP99(), summary.beforeP99() / summary.afterP99());
        System.out.printf("replay run: %d profiles tuned, %d tuned calls, %d misses; checksums matching the fallback's: %d/%d%n",
                summary.replayTunedProfiles(), summary.replayHits(), summary.replayMisses(),
                plan.size() - mismatches, plan.size());
        gpu(agent, out);
        System.out.println(summary.ok() ? "OK" : "NOT OK: see above");
        return summary;
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
                "device=GPU ops");
    }

    private static void report(Path agent, Path cache, Path html, String note) throws Exception {
        Process p = new ProcessBuilder(javaBin(), "-jar", agent.toString(), "report", cache.toString(), "--html",
                html.toString(), "--note", note).redirectErrorStream(true).start();
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
