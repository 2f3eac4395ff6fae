package dev.autotune4j.samples.service;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The inference service in a child JVM, with the agent (its arguments given) or without it (null); its stderr is
 * scanned for tuning progress and errors.
 */
final class ServiceProcess implements AutoCloseable {
    final Process process;
    final LoadDriver driver;
    volatile boolean showProgress;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.driver = new LoadDriver(port);
    }

    static ServiceProcess start(Path agent, String agentArgs, List<String> knobs, List<String> model) throws Exception {
        // nodelay: without it the JDK's HTTP server answers small responses after a 40 ms delayed ACK
        List<String> cmd = new ArrayList<>(List.of(Demo.javaBin(), "-Xmx512m", "-Dsun.net.httpserver.nodelay=true",
                "-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED"));
        if (agentArgs != null) {
            cmd.add("-javaagent:" + agent.toAbsolutePath() + "=" + agentArgs);
        }
        cmd.addAll(knobs);
        cmd.addAll(List.of("-cp", classpath(), InferenceService.class.getName(), "0"));
        cmd.addAll(model);
        Process p = new ProcessBuilder(cmd).start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // JVM options may print first (-XX:StartFlightRecording says "Started recording 1"): skip to the port line
        String line = stdout.readLine();
        while (line != null && !line.startsWith("listening port=")) {
            System.out.println("   service: " + line);
            line = stdout.readLine();
        }
        if (line == null) {
            // its output ended: read why before the streams close (destroying it first lost the message)
            boolean ended = p.waitFor(10, TimeUnit.SECONDS);
            String err = ended ? new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8) : "";
            p.destroyForcibly();
            throw new IllegalStateException("the service did not start" + (ended ? " (exit " + p.exitValue() + ")" : "")
                    + "; its JVM options: " + knobs + (err.isBlank() ? "" : "\n" + err));
        }
        ServiceProcess s = new ServiceProcess(p, Integer.parseInt(line.substring("listening port=".length())));
        Thread pump = new Thread(() -> s.pump(p), "demo-service-stderr");
        pump.setDaemon(true);
        pump.start();
        return s;
    }

    /** Shows the tuning progress lines, and any warning or error, of the service. */
    private void pump(Process p) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.contains("WARN") || line.contains("ERROR") || line.contains("Exception")
                        || line.contains("autotune4j: the tuner waited")) {
                    System.out.println("   service: " + line);
                } else if (line.contains("timed again once the JIT")) {   // a recheck that changed a pick
                    System.out.println("   service: " + line.substring(line.indexOf("autotune4j: "))
                            .replace(Ops.class.getName() + "#", "").replace(" once the JIT had gone quiet", ""));
                } else if (showProgress && line.contains("autotune4j: tuning ")) {
                    System.out.println("   " + line.substring(line.indexOf("tuning ")));
                }
            }
        } catch (IOException ignored) {
            // the service ended
        }
    }

    /** Waits until the service's background tuner has nothing queued (its /stats say {@code "queued":0}). */
    void awaitTuned() throws Exception {
        awaitStats("\"queued\":0,", TimeUnit.MINUTES.toMillis(10), 100,
                "the background tuner did not finish in 10 minutes");
    }

    /** Polls the service's /stats until they hold {@code marker}: every {@code pollMillis}, {@code maxMillis} at most. */
    private void awaitStats(String marker, long maxMillis, long pollMillis, String failure) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (!driver.get("/stats").contains(marker)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure);
            }
            Thread.sleep(pollMillis);
        }
    }

    /**
     * Sends requests until every op's calls go through the tuner (its statistics count them). Under the agent's
     * default a rewritten method runs its body until a linker thread has linked it, a fraction of a second after
     * start: a run shorter than that would measure the untuned service.
     */
    void awaitDispatching(List<LoadDriver.Request> plan) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            driver.run(plan.subList(0, Math.min(4, plan.size())), 1);
            if (dispatching()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the service's ops were not dispatched by the tuner within 60 s");
    }

    /** Whether every op the service has called so far went through the tuner (its statistics count calls). */
    boolean dispatching() throws Exception {
        String stats = driver.get("/stats");
        return stats.contains("\"op\"") && !stats.contains("\"hits\":0,\"misses\":0,");
    }

    /**
     * Waits until the background tuner has begun its first pass (its /stats say {@code "tunerBegun":true}): before
     * it, it waits for the JIT to go quiet (the attach's recompilation on JDK 17), so the phase of a timeline that
     * shows tuning starts here.
     */
    void awaitTunerBegun() throws Exception {
        awaitStats("\"tunerBegun\":true", TimeUnit.SECONDS.toMillis(60), 20,
                "the service's background tuner did not begin within 60 s");
    }

    long pid() {
        return process.pid();
    }

    /** Runs {@code java -jar <agent> attach <pid> <settings and commands>} and returns what it printed. */
    String attach(Path agent, String... arguments) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Demo.javaBin(), "-jar", agent.toString(), "attach", Long.toString(pid())));
        cmd.addAll(List.of(arguments));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("attach failed: " + text);
        }
        return text;
    }

    void stop() throws Exception {
        driver.shutdown();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the service did not stop");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static String classpath() {
        return System.getProperty("java.class.path").replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }
}
