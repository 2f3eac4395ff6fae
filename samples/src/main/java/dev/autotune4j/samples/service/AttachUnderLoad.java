package dev.autotune4j.samples.service;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The product's first use, measured: the inference service runs under steady load without the agent; the agent is
 * attached with {@code mode=tune} and tunes in the background while the load goes on; then the service restarts in
 * replay. It prints the latencies of each phase and checks the acceptance of issue 11:
 * <ul>
 *   <li>no failed request;</li>
 *   <li>no request while tuning slower than 3x the warm baseline p99, or 50 ms, whichever is larger (the
 *       attach itself, loading the agent and rewriting classes, is reported as a phase of its own);</li>
 *   <li>every bucket the load hits is tuned (the tuner goes idle within the run);</li>
 *   <li>restarted in replay, the p99 of the first {@code replaySeconds} is within 3x the p99 after them.</li>
 * </ul>
 * Exit 0 when all hold.
 *
 * <p>Run: {@code java -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.service.AttachUnderLoad
 * [--seconds N] [--clients N] [--out DIR] [--agent JAR]} (defaults: 20 s phases, 2 clients).
 */
public final class AttachUnderLoad {
    private static final int[] SIZES = {1, 2, 5, 8, 13, 24, 40, 64};
    /** Requests a second, all clients together ({@code -Drate=N}). */
    private static final int RATE = Integer.getInteger("rate", 200);

    private AttachUnderLoad() {
    }

    /** Latencies (ms) of one phase, and the requests that failed. */
    public record Phase(String name, double[] millis, long failed) {
        public int requests() {
            return millis.length;
        }

        double p(double q) {
            if (millis.length == 0) {
                return Double.NaN;
            }
            double[] s = millis.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) Math.ceil(q / 100 * s.length) - 1)];
        }

        double max() {
            return Arrays.stream(millis).max().orElse(Double.NaN);
        }
    }

    /** What the run measured; {@link #ok()} when the acceptance holds. */
    public record Verdict(Phase baseline, Phase attaching, Phase tuning, Phase coldPlain, Phase replayFirst,
                   Phase replaySteady, boolean allTuned, long replayMisses) {
        double tuningLimit() {
            return Math.max(3 * baseline.p(99), 50);
        }

        /** Failed requests over every phase. */
        public long failed() {
            return baseline.failed + attaching.failed + tuning.failed + coldPlain.failed + replayFirst.failed
                    + replaySteady.failed;
        }

        public boolean ok() {
            return failed() == 0 && tuning.max() <= tuningLimit() && allTuned && replayMisses == 0
                    && replayFirst.p(99) <= 3 * replaySteady.p(99);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = 20;
        int clients = 2;
        Path out = Path.of("target/attach-under-load");
        Path agent = Path.of("agent/target/autotune4j-agent.jar");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--agent" -> agent = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: AttachUnderLoad [--seconds N] [--clients N] [--out DIR] [--agent JAR]");
                    System.exit(2);
                }
            }
        }
        Verdict v = run(seconds, clients, out, agent, true);
        System.exit(v.ok() ? 0 : 1);
    }

    /** Runs every phase; {@code compare}: then tunes quietly twice and prints how the picks agree. */
    public static Verdict run(int seconds, int clients, Path out, Path agent, boolean compare) throws Exception {
        Files.createDirectories(out);
        Path cache = out.resolve("attached.json").toAbsolutePath();
        Files.deleteIfExists(out.resolve("attached.rank0.json"));
        List<String> model = List.of("64", "128");
        // JVM options for the service (-Dautotune4j.* knobs), to compare ways of tuning under load
        List<String> knobs = System.getProperty("service.options", "").isBlank() ? List.of()
                : List.of(System.getProperty("service.options").trim().split("\\s+"));
        Phase baseline;
        Phase attachPhase;
        Phase tuning;
        boolean allTuned;
        try (ServiceProcess svc = ServiceProcess.start(agent, null, knobs, model)) {
            load(svc.driver, clients, seconds / 2, "warmup");
            baseline = load(svc.driver, clients, seconds / 2, "baseline (no agent)");
            Load attaching = new Load(svc.driver, clients, "attaching (the attach command)");
            String reply = attach(agent, svc.pid(), System.getProperty("attach.mode", "mode=tune"), "cache=" + cache);
            attachPhase = attaching.stop();
            Load running = new Load(svc.driver, clients, "tuning (background, after attach)");
            System.out.print(reply);
            long deadline = System.nanoTime() + 600_000_000_000L;
            // the rewritten methods run their bodies until the linker has linked them: wait for the tuner to see calls
            while (!svc.dispatching() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            while (!svc.driver.get("/stats").contains("\"queued\":0,") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1000);   // calls that arrive just after: a bucket first hit now is queued now
            allTuned = svc.driver.get("/stats").contains("\"queued\":0,");
            tuning = running.stop();
            System.out.print(attach(agent, svc.pid(), "save"));
            svc.stop();
        }
        Phase coldPlain;
        try (ServiceProcess svc = ServiceProcess.start(agent, null, knobs, model)) {
            coldPlain = load(svc.driver, clients, seconds, "cold start, no agent (reference)");
            svc.stop();
        }
        Phase replayFirst;
        Phase replaySteady;
        long misses;
        try (ServiceProcess svc = ServiceProcess.start(agent, "mode=replay,cache=" + cache, knobs, model)) {
            replayFirst = load(svc.driver, clients, seconds, "replay, first " + seconds + " s");
            replaySteady = load(svc.driver, clients, seconds, "replay, after");
            misses = Demo.sum(svc.driver.get("/stats"), "misses");
            svc.stop();
        }
        Verdict v = new Verdict(baseline, attachPhase, tuning, coldPlain, replayFirst, replaySteady, allTuned, misses);
        print(v);
        if (!compare) {
            return v;
        }
        Path quiet = quietTuning(agent, knobs, model, out, "quiet");
        Path control = quietTuning(agent, knobs, model, out, "quiet-again");
        System.out.print("under load: ");
        PickAgreement.print(out.resolve("attached.rank0.json"), quiet);
        System.out.print("control, a second quiet tuning: ");
        PickAgreement.print(control, quiet);
        return v;
    }

    /** Tunes inline with nothing else running: one request per batch size, one at a time. Returns the rank file. */
    private static Path quietTuning(Path agent, List<String> knobs, List<String> model, Path out, String name)
            throws Exception {
        Path file = out.resolve(name + ".json").toAbsolutePath();
        Files.deleteIfExists(out.resolve(name + ".rank0.json"));
        try (ServiceProcess svc = ServiceProcess.start(agent, "mode=tune,tuning=inline,cache=" + file, knobs, model)) {
            for (int tokens : SIZES) {
                svc.driver.get("/infer?tokens=" + tokens + "&seed=1");
            }
            svc.stop();
        }
        return out.resolve(name + ".rank0.json");
    }

    private static void print(Verdict v) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %8s %8s %8s %8s %8s%n", "phase", "requests", "failed", "p50 ms", "p99 ms", "max ms");
        for (Phase p : List.of(v.baseline, v.attaching, v.tuning, v.coldPlain, v.replayFirst, v.replaySteady)) {
            System.out.printf(Locale.ROOT, "%-34s %8d %8d %8.2f %8.2f %8.2f%n", p.name, p.millis.length, p.failed,
                    p.p(50), p.p(99), p.max());
        }
        System.out.printf(Locale.ROOT, "while tuning, slowest request %.2f ms; limit max(3 x baseline p99, 50 ms) = %.2f ms%n",
                v.tuning.max(), v.tuningLimit());
        System.out.printf(Locale.ROOT, "replay: first p99 %.2f ms vs later p99 %.2f ms (limit 3x); misses %d; every bucket "
                + "tuned while attached: %s%n", v.replayFirst.p(99), v.replaySteady.p(99), v.replayMisses, v.allTuned);
        System.out.println(v.ok() ? "OK" : "NOT OK");
    }

    private static Phase load(LoadDriver driver, int clients, int seconds, String name) throws Exception {
        Load l = new Load(driver, clients, name);
        Thread.sleep(seconds * 1000L);
        return l.stop();
    }

    /**
     * Clients sending mixed batch sizes at a fixed rate until stopped ({@code rate} requests a second in all), so the
     * service has headroom, as a service in production does. A latency counts from the request's planned start, so
     * a client that falls behind (the service stalled) records the stall, not only the late request's own time.
     */
    private static final class Load {
        final String name;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong failed = new AtomicLong();
        final List<double[]> perClient = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();

        Load(LoadDriver driver, int clients, String name) {
            this.name = name;
            long interval = 1_000_000_000L * clients / RATE;
            for (int c = 0; c < clients; c++) {
                double[][] buffer = {new double[1 << 16]};
                int[] count = {0};
                SplittableRandom random = new SplittableRandom(c);
                Thread t = new Thread(() -> {
                    long next = System.nanoTime();
                    while (!stop.get()) {
                        int tokens = SIZES[random.nextInt(SIZES.length)];
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        long t0 = next;
                        next += interval;
                        try {
                            driver.get("/infer?tokens=" + tokens + "&seed=" + random.nextInt(1000));
                            if (count[0] == buffer[0].length) {
                                buffer[0] = Arrays.copyOf(buffer[0], 2 * count[0]);
                            }
                            buffer[0][count[0]++] = (System.nanoTime() - t0) / 1e6;
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    synchronized (perClient) {
                        perClient.add(Arrays.copyOf(buffer[0], count[0]));
                    }
                }, "client-" + c);
                threads.add(t);
                t.start();
            }
        }

        Phase stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            double[] all = perClient.stream().flatMapToDouble(Arrays::stream).toArray();
            return new Phase(name, all, failed.get());
        }
    }

    private static String attach(Path agent, long pid, String... settings) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Demo.javaBin(), "-jar", agent.toString(), "attach", Long.toString(pid)));
        cmd.addAll(List.of(settings));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("attach failed: " + text);
        }
        return text;
    }
}
